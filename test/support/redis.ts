import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { execa, type ResultPromise } from 'execa';
import { type EmbeddedRedis, freePort, startEmbeddedRedis } from '../../src/cli/embedded-redis.js';

/** A throwaway CA and a server certificate it signed, as PEM files in `dir`. */
export interface TestCerts {
  dir: string;
  /** The CA certificate (what LABOPS_REDIS_CA points at). */
  ca: string;
  cert: string;
  key: string;
  /** Another CA that signed nothing here: trusting it alone must refuse the server. */
  otherCa: string;
  /** The DNS names in the server certificate (no IP address). */
  names: string[];
}

export interface TestRedis extends EmbeddedRedis {
  /** Set for a TLS-only server: its certificates; `url` is then `rediss://localhost:<port>`. */
  certs?: TestCerts;
}

const openssl = (args: string[], cwd: string) => execa('openssl', args, { cwd, stdin: 'ignore' });

/** A P-256 key and a self-signed CA certificate, valid two days. */
async function makeCa(dir: string, base: string, cn: string): Promise<void> {
  await openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${base}.key`,
      '-out',
      `${base}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
}

/**
 * Generates a CA and a server certificate for `names` with the system `openssl` (argv only,
 * no shell) in a new temp dir.
 */
export async function makeTestCerts(names = ['localhost', 'redis.lab.test']): Promise<TestCerts> {
  const dir = mkdtempSync(join(tmpdir(), 'labops-tls-'));
  await makeCa(dir, 'ca', 'labops test CA');
  await makeCa(dir, 'other-ca', 'labops unrelated CA');
  await openssl(
    [
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      `/CN=${names[0]}`,
    ],
    dir,
  );
  writeFileSync(
    join(dir, 'server.ext'),
    [
      `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  await openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '2',
      '-extfile',
      'server.ext',
    ],
    dir,
  );
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    cert: join(dir, 'server.pem'),
    key: join(dir, 'server.key'),
    otherCa: join(dir, 'other-ca.pem'),
    names,
  };
}

/**
 * A real redis-server of the test's own, on a free port, removed afterwards. With `tls`, it
 * listens only on a TLS port (`--port 0`) with a throwaway CA's certificate for `localhost`
 * and `redis.lab.test`, and asks clients for no certificate; `password` sets `requirepass`
 * (the `default` user's password).
 */
export async function startTestRedis(
  opts: { dir?: string; port?: number; tls?: boolean; password?: string } = {},
): Promise<TestRedis> {
  if (!opts.tls && !opts.password) return startEmbeddedRedis(opts);
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'labops-redis-'));
  const port = opts.port ?? (await freePort());
  const certs = opts.tls ? await makeTestCerts() : undefined;
  const listen = certs
    ? [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        certs.cert,
        '--tls-key-file',
        certs.key,
        '--tls-ca-cert-file',
        certs.ca,
        '--tls-auth-clients',
        'no',
      ]
    : ['--port', String(port)];
  const child: ResultPromise = execa(
    'redis-server',
    [
      ...listen,
      '--bind',
      '127.0.0.1',
      '-::1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--loglevel',
      'warning',
      ...(opts.password ? ['--requirepass', opts.password] : []),
    ],
    { reject: false, stdin: 'ignore', cleanup: true },
  );
  const exited = child.then((r) => r);
  const ready = await Promise.race([
    answers(port, certs).then(() => 'ready' as const),
    exited.then(() => 'exited' as const),
  ]);
  if (ready === 'exited')
    throw new Error(`redis-server exited at start: ${String((await exited).stdout ?? '').slice(0, 800)}`);
  const scheme = certs ? 'rediss' : 'redis';
  const host = certs ? 'localhost' : '127.0.0.1';
  return {
    url: `${scheme}://${opts.password ? `default:${encodeURIComponent(opts.password)}@` : ''}${host}:${port}`,
    port,
    dir,
    certs,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3_000))]);
      child.kill('SIGKILL');
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
      if (certs) rmSync(certs.dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once the server answers a PING (over TLS, trusting only the test CA, when `certs`). */
async function answers(port: number, certs: TestCerts | undefined, timeoutMs = 10_000): Promise<void> {
  const { connect } = await import('node:net');
  const started = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = certs
        ? tlsConnect({ port, host: '127.0.0.1', servername: 'localhost', ca: readFileSync(certs.ca) })
        : connect(port, '127.0.0.1');
      s.once(certs ? 'secureConnect' : 'connect', () => {
        s.write('PING\r\n');
        // +PONG, or -NOAUTH when a password is set: either way the server is up.
        s.once('data', (d) => {
          resolve(/^(\+PONG|-NOAUTH)/.test(d.toString()));
          s.destroy();
        });
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`redis-server did not answer on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
