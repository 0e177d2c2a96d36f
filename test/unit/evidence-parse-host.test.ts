import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/evidence/probe/classify-error.js';
import { parseHost, UNKNOWN_HOST } from '../../src/evidence/probe/parse-host.js';

describe('parseHost', () => {
  it('reads the lab server.js reply, which is not valid JSON', () => {
    // Built exactly the way assets/hello-node/server.js builds it.
    const source = readFileSync(new URL('../../assets/hello-node/server.js', import.meta.url), 'utf8');
    expect(source).toContain(`'{ "host": ' + os.hostname() + ', "message": "Hello World!"}'`);
    const body = `{ "host": ${'hello-node-7d9f8c6b5-abcde'}, "message": "Hello World!"}`;
    expect(() => JSON.parse(body)).toThrow();
    expect(parseHost(body)).toBe('hello-node-7d9f8c6b5-abcde');
  });

  it('reads valid JSON', () => {
    expect(parseHost('{"host": "pod-a", "message": "hi"}')).toBe('pod-a');
    expect(parseHost('{"message":"hi","host":"pod-b"}\n')).toBe('pod-b');
    expect(parseHost('{"host": 42}')).toBe('42');
    expect(parseHost('{"message": "no host"}')).toBe(UNKNOWN_HOST);
  });

  it('reads a host as the last field of a non-JSON reply', () => {
    expect(parseHost('{ "host": pod-c }')).toBe('pod-c');
    expect(parseHost('{ "host": \'pod-d\', "x": 1 }')).toBe('pod-d');
  });

  it('takes a short single-line plain-text body as the host', () => {
    expect(parseHost('web-1\n')).toBe('web-1');
    expect(parseHost('  hello-node-xyz  ')).toBe('hello-node-xyz');
  });

  it('gives (unknown) for empty, multi-line, HTML or very long bodies', () => {
    expect(parseHost('')).toBe(UNKNOWN_HOST);
    expect(parseHost('line one\nline two')).toBe(UNKNOWN_HOST);
    expect(parseHost('<html><body>It works</body></html>')).toBe(UNKNOWN_HOST);
    expect(parseHost('x'.repeat(300))).toBe(UNKNOWN_HOST);
  });
});

describe('classifyError', () => {
  const err = (code: string, message = 'boom') => Object.assign(new Error(message), { code });
  it('maps socket error codes to failure kinds', () => {
    expect(classifyError(err('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9')).kind).toBe('refused');
    expect(classifyError(err('ECONNRESET', 'socket hang up')).kind).toBe('reset');
    expect(classifyError(err('EPIPE')).kind).toBe('reset');
    expect(classifyError(err('ETIMEDOUT')).kind).toBe('timeout');
    expect(classifyError(err('ENOTFOUND', 'getaddrinfo ENOTFOUND x')).kind).toBe('other');
    expect(classifyError('weird').kind).toBe('other');
  });

  it('keeps the code in the detail', () => {
    expect(classifyError(err('ECONNRESET', 'socket hang up')).detail).toBe('ECONNRESET: socket hang up');
    expect(classifyError(err('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9')).detail).toBe(
      'connect ECONNREFUSED 127.0.0.1:9',
    );
  });
});
