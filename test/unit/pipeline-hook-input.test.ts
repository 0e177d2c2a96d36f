import { describe, expect, it } from 'vitest';
import { deliverable, parseHookInput } from '../../src/runners/pipeline/hook-input.js';
import { authenticate, readPush, signWebhook } from '../../src/runners/pipeline/webhook.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const Z = '0'.repeat(40);

describe('post-receive input (githooks(5): "<old> <new> <ref>" per line)', () => {
  it('a push that moved main is delivered; other branches, tags and deletions are not', () => {
    const input = `${A} ${B} refs/heads/feature\n${Z} ${A} refs/tags/v2\n${A} ${B} refs/heads/main\n`;
    expect(parseHookInput(input)).toHaveLength(3);
    expect(deliverable(parseHookInput(input))).toEqual({ old: A, new: B, ref: 'refs/heads/main' });
    expect(deliverable(parseHookInput(`${A} ${Z} refs/heads/main\n`))).toBeUndefined();
    expect(deliverable(parseHookInput(`${A} ${B} refs/heads/feature\n`))).toBeUndefined();
    expect(parseHookInput('garbage\n\n')).toEqual([]);
  });
});

describe('webhook signatures', () => {
  const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main', after: B, pusher: { name: 'ana' } }));

  it('a signature of another length is refused, not thrown on (constant-time compare)', () => {
    const h = { 'x-github-event': 'push', 'x-github-delivery': 'd1', 'x-hub-signature-256': 'sha256=abc' };
    expect(authenticate(h, body, secret, 0)).toEqual({
      ok: false,
      status: 401,
      why: 'x-hub-signature-256 does not match',
    });
  });

  it('GitLab: the key is the bytes after whsec_, and any of several space-separated signatures may match', () => {
    const ts = 1_700_000_000;
    const good = signWebhook('gitlab', secret, body, { id: 'msg_1', timestamp: ts });
    const h = {
      'x-gitlab-event': 'Push Hook',
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(ts),
      'webhook-signature': `v1,bm90IGl0 ${good}`,
    };
    expect(authenticate(h, body, secret, ts + 10)).toEqual({
      ok: true,
      provider: 'gitlab',
      delivery: 'msg_1',
    });
    expect(authenticate(h, body, secret.replace('whsec_', 'whsec_A'), ts)).toMatchObject({ ok: false });
  });

  it('a body that is not JSON is refused once authenticated', () => {
    const h = { 'x-github-event': 'push' };
    expect(readPush('github', h, Buffer.from('ref=main'), 'd')).toMatchObject({
      kind: 'refused',
      status: 400,
    });
  });
});
