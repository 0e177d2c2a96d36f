import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Push webhooks of GitHub, GitLab and Gitea: who sent one, whether its HMAC-SHA256 holds, and
 * which push it announces. What is read, and where each provider documents it:
 *
 * - GitHub — headers `X-GitHub-Event`, `X-GitHub-Delivery` (a GUID per delivery) and
 *   `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body, keyed with the secret>`
 *   (docs.github.com/en/webhooks/webhook-events-and-payloads, "Delivery headers";
 *   docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries). Push payload:
 *   `ref`, `after`, `deleted`, `pusher.name`, `head_commit` (same page, "push").
 * - Gitea — `X-Gitea-Event`, `X-Gitea-Delivery`, `X-Gitea-Signature: <hex HMAC-SHA256 of the
 *   body>` (docs.gitea.com/usage/repository/webhooks; go-gitea/gitea services/webhook/deliver.go,
 *   which also sends GitHub's `X-GitHub-Event`, hence Gitea is recognised first). Push payload:
 *   `ref`, `after`, `pusher.login` (or `pusher.username`), `head_commit`.
 * - GitLab — `X-Gitlab-Event: Push Hook` (docs.gitlab.com/user/project/integrations/webhook_events,
 *   "Push events"), signed with the webhook's signing token as the Standard Webhooks
 *   specification says (github.com/standard-webhooks/standard-webhooks, spec/standard-webhooks.md;
 *   gitlab-org/gitlab merge request 230944): `webhook-id`, `webhook-timestamp` (seconds) and
 *   `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the
 *   base64 bytes after `whsec_`. Push payload: `object_kind: "push"`, `ref`, `after`,
 *   `user_username`. The older `X-Gitlab-Token` is the secret itself, not a signature: refused.
 */
export type Provider = 'github' | 'gitlab' | 'gitea';

/** Request headers by lowercase name, as node:http gives them. */
export type Headers = Record<string, string | string[] | undefined>;

/** What a webhook request comes to. */
export type WebhookVerdict =
  | { kind: 'refused'; status: 401 | 400; why: string }
  | { kind: 'ignored'; provider: Provider; delivery: string; why: string }
  | {
      kind: 'push';
      provider: Provider;
      delivery: string;
      ref: string;
      commit: string;
      pushedBy: string;
    };

/** How far a GitLab (Standard Webhooks) timestamp may be from now: the spec's suggested tolerance. */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;

const one = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Constant-time comparison of two byte strings (false when the lengths differ). */
function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The key GitLab's signing token stands for: the bytes after `whsec_` (Standard Webhooks). */
function standardKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret);
}

/** The signature a sender computes, for tests and for `curl` by hand. */
export function signWebhook(
  provider: Provider,
  secret: string,
  body: Buffer | string,
  gitlab?: { id: string; timestamp: number },
): string {
  if (provider === 'gitlab') {
    const mac = createHmac('sha256', standardKey(secret))
      .update(`${gitlab?.id}.${gitlab?.timestamp}.`)
      .update(body)
      .digest('base64');
    return `v1,${mac}`;
  }
  const hex = createHmac('sha256', secret).update(body).digest('hex');
  return provider === 'github' ? `sha256=${hex}` : hex;
}

/** Which provider sent the request, by its event header. */
export function providerOf(h: Headers): Provider | undefined {
  if (one(h, 'x-gitea-event')) return 'gitea';
  if (one(h, 'x-gitlab-event')) return 'gitlab';
  if (one(h, 'x-github-event')) return 'github';
  return undefined;
}

/** Checks the signature in constant time; returns the delivery id, or why the request is refused. */
export function authenticate(
  h: Headers,
  body: Buffer,
  secret: string,
  nowS: number,
): { ok: true; provider: Provider; delivery: string } | { ok: false; why: string; status: 400 | 401 } {
  const provider = providerOf(h);
  if (!provider)
    return { ok: false, status: 400, why: 'no X-GitHub-Event, X-Gitlab-Event or X-Gitea-Event header' };
  if (provider === 'gitlab') {
    const id = one(h, 'webhook-id');
    const ts = Number(one(h, 'webhook-timestamp'));
    const sigs = (one(h, 'webhook-signature') ?? '').split(' ').filter(Boolean);
    if (!id || !sigs.length || !Number.isInteger(ts))
      return {
        ok: false,
        status: 401,
        why: 'GitLab webhooks need a signing token (webhook-id, webhook-timestamp, webhook-signature); X-Gitlab-Token alone is not a signature',
      };
    if (Math.abs(nowS - ts) > TIMESTAMP_TOLERANCE_S)
      return {
        ok: false,
        status: 401,
        why: `webhook-timestamp is more than ${TIMESTAMP_TOLERANCE_S} s from now`,
      };
    const want = Buffer.from(signWebhook('gitlab', secret, body, { id, timestamp: ts }));
    const ok = sigs.some((s) => same(Buffer.from(s), want));
    return ok
      ? { ok, provider, delivery: id }
      : { ok: false, status: 401, why: 'webhook-signature does not match' };
  }
  const header = provider === 'github' ? 'x-hub-signature-256' : 'x-gitea-signature';
  const delivery = one(h, provider === 'github' ? 'x-github-delivery' : 'x-gitea-delivery');
  const got = one(h, header);
  if (!got) return { ok: false, status: 401, why: `no ${header} header (set the webhook's secret)` };
  if (!delivery) return { ok: false, status: 400, why: 'no delivery id header' };
  const ok = same(Buffer.from(got), Buffer.from(signWebhook(provider, secret, body)));
  return ok ? { ok, provider, delivery } : { ok: false, status: 401, why: `${header} does not match` };
}

/** Pure: what an authenticated request announces. Only a push that moved `branch` starts a run. */
export function readPush(
  provider: Provider,
  h: Headers,
  body: Buffer,
  delivery: string,
  branch = 'main',
): WebhookVerdict {
  const event =
    provider === 'gitea'
      ? one(h, 'x-gitea-event')
      : provider === 'gitlab'
        ? one(h, 'x-gitlab-event')
        : one(h, 'x-github-event');
  const isPush = provider === 'gitlab' ? event === 'Push Hook' : event === 'push';
  if (!isPush)
    return { kind: 'ignored', provider, delivery, why: `event "${event}" does not start the pipeline` };
  let p: Record<string, any>;
  try {
    p = JSON.parse(body.toString('utf8')) as Record<string, any>;
  } catch {
    return {
      kind: 'refused',
      status: 400,
      why: 'the body is not JSON (choose the application/json content type)',
    };
  }
  const ref = typeof p.ref === 'string' ? p.ref : '';
  const commit = typeof p.after === 'string' ? p.after : '';
  if (ref !== `refs/heads/${branch}`)
    return { kind: 'ignored', provider, delivery, why: `a push to ${ref || '?'}, not ${branch}` };
  if (!/^[0-9a-f]{40}$/.test(commit) || /^0{40}$/.test(commit) || p.deleted === true)
    return { kind: 'ignored', provider, delivery, why: `${branch} was deleted, nothing to deliver` };
  const pushedBy =
    provider === 'gitlab'
      ? String(p.user_username ?? p.user_name ?? '?')
      : provider === 'gitea'
        ? String(p.pusher?.login ?? p.pusher?.username ?? '?')
        : String(p.pusher?.name ?? '?');
  return { kind: 'push', provider, delivery, ref, commit, pushedBy: pushedBy.slice(0, 100) };
}
