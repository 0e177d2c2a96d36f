import http from 'node:http';

/** One answer of the guide's server.js: `{ "host": NAME, "message": "Hello World!"}`. */
export interface Answer {
  ok: boolean;
  status?: number;
  host?: string;
  message?: string;
  body?: string;
  error?: string;
}

/**
 * The guide's reply is not valid JSON (the host name is not quoted), so it is read with
 * regular expressions, as LAB.md advises.
 */
export function parseAnswer(body: string): Pick<Answer, 'host' | 'message'> {
  return {
    host: /"host":\s*([^,]+),/.exec(body)?.[1]?.trim(),
    message: /"message":\s*"([^"]*)"/.exec(body)?.[1],
  };
}

/** One GET on a new connection (no keep-alive, so a load balancer spreads the requests). */
export function getAnswer(url: string, timeoutMs = 3_000, signal?: AbortSignal): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs, signal }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length < 4096) body += c;
      });
      res.on('end', () =>
        resolve({ ok: (res.statusCode ?? 0) < 400, status: res.statusCode, body, ...parseAnswer(body) }),
      );
      res.on('error', (e) => resolve({ ok: false, error: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve({ ok: false, error: e.message }));
  });
}

/** `n` answers in a row, for "do the hosts vary" and "did the message change". */
export async function sampleAnswers(url: string, n: number, signal?: AbortSignal): Promise<Answer[]> {
  const out: Answer[] = [];
  for (let i = 0; i < n; i++) out.push(await getAnswer(url, 3_000, signal));
  return out;
}

/** A short description of a sample: how many answered, from how many hosts, with which messages. */
export function describeSample(answers: readonly Answer[]): string {
  const ok = answers.filter((a) => a.ok);
  const hosts = new Set(ok.map((a) => a.host).filter(Boolean));
  const messages = [...new Set(ok.map((a) => a.message).filter(Boolean))];
  const failed = answers.find((a) => !a.ok);
  return `${ok.length}/${answers.length} answered from ${hosts.size} host(s)${messages.length ? `: "${messages.join('", "')}"` : ''}${failed?.error ? `; last error: ${failed.error}` : ''}`;
}
