import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { signWebhook } from '../../src/runners/pipeline/webhook.js';

// Push webhook deliveries with real HMAC-SHA256 over the bytes sent, in the header and payload
// shapes each provider documents:
// - GitHub: docs.github.com/en/webhooks/webhook-events-and-payloads ("Delivery headers", "push"),
//   docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries;
// - Gitea: docs.gitea.com/usage/repository/webhooks (the example delivery: X-GitHub-*, X-Gogs-*
//   and X-Gitea-* headers, and its push payload), go-gitea/gitea services/webhook/deliver.go
//   (X-Gitea-Signature: hex HMAC-SHA256 of the body);
// - GitLab: docs.gitlab.com/user/project/integrations/webhook_events ("Push events": X-Gitlab-Event:
//   Push Hook and its payload), the signing token of gitlab-org/gitlab merge request 230944, which
//   follows the Standard Webhooks spec (webhook-id, webhook-timestamp, webhook-signature: v1,<base64>).

/** The pushed commit of every delivery here. */
export const COMMIT = 'bffeb74224043ba2feb48d137756c8a9331c449a';

/** POSTs raw bytes to the runner's webhook, as the provider's HTTP client would. */
export function postWebhook(
  port: number,
  body: Buffer,
  headers: Record<string, string>,
  o: { chunked?: boolean } = {},
) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/hooks/git',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(o.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(body.length) }),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') }));
      },
    );
    req.on('error', reject);
    if (o.chunked)
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
    else req.write(body);
    req.end();
  });
}

/** A GitHub push payload (docs: "push"), trimmed to what a receiver reads and a little more. */
export function githubPush(over: Record<string, unknown> = {}) {
  return {
    ref: 'refs/heads/main',
    before: '28e1879d029cb852e4844d9c718537df08844e03',
    after: COMMIT,
    created: false,
    deleted: false,
    forced: false,
    repository: { id: 1, name: 'hello-node', full_name: 'team-a/hello-node' },
    pusher: { name: 'ana-gh', email: 'ana@example.test' },
    sender: { login: 'ana-gh', id: 7 },
    head_commit: { id: COMMIT, message: 'Say hello', author: { name: 'Ana', email: 'ana@example.test' } },
    commits: [],
    ...over,
  };
}

/** GitHub's delivery headers for `body`, signed with `secret`. */
export function githubHeaders(secret: string, body: Buffer, event = 'push', delivery = randomUUID()) {
  return {
    'user-agent': 'GitHub-Hookshot/044aadd',
    'x-github-event': event,
    'x-github-delivery': delivery,
    'x-github-hook-id': '292430182',
    'x-hub-signature-256': signWebhook('github', secret, body),
  };
}

/** A Gitea push delivery (the docs' example), signed with `secret`. */
export function giteaDelivery(secret: string, over: Record<string, unknown> = {}) {
  const body = Buffer.from(
    JSON.stringify({
      ref: 'refs/heads/main',
      before: '28e1879d029cb852e4844d9c718537df08844e03',
      after: COMMIT,
      compare_url: 'http://localhost:3000/gitea/webhooks/compare/28e1879d...bffeb742',
      commits: [
        {
          id: COMMIT,
          message: 'Webhooks Yay!',
          author: { name: 'Gitea', email: 'someone@gitea.io', username: 'gitea' },
        },
      ],
      repository: { id: 140, name: 'hello-node', full_name: 'gitea/hello-node' },
      pusher: { id: 1, login: 'bruno-gt', username: 'bruno-gt', email: 'bruno@example.test' },
      sender: { id: 1, login: 'bruno-gt' },
      ...over,
    }),
  );
  const id = randomUUID();
  return {
    body,
    headers: {
      'x-github-delivery': id,
      'x-github-event': 'push',
      'x-gogs-delivery': id,
      'x-gogs-event': 'push',
      'x-gitea-delivery': id,
      'x-gitea-event': 'push',
      'x-gitea-event-type': 'push',
      'x-gitea-signature': signWebhook('gitea', secret, body),
    },
  };
}

/** A GitLab push delivery signed with a signing token (`secret`), or with only X-Gitlab-Token. */
export function gitlabDelivery(secret: string, o: { timestamp?: number; signed?: boolean } = {}) {
  const body = Buffer.from(
    JSON.stringify({
      object_kind: 'push',
      event_name: 'push',
      before: '95790bf891e76fee5e1747ab589903a6a1f80f22',
      after: COMMIT,
      ref: 'refs/heads/main',
      ref_protected: true,
      checkout_sha: COMMIT,
      user_id: 4,
      user_name: 'Carla Lab',
      user_username: 'carla-gl',
      project_id: 15,
      project: { id: 15, name: 'hello-node', path_with_namespace: 'team-a/hello-node' },
      commits: [{ id: COMMIT, message: 'Say hello', author: { name: 'Carla', email: 'carla@example.test' } }],
      total_commits_count: 1,
    }),
  );
  const id = `msg_${randomUUID()}`;
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'user-agent': 'GitLab/18.6.0',
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-instance': 'https://gitlab.example.test',
      'x-gitlab-webhook-uuid': randomUUID(),
      'x-gitlab-event-uuid': randomUUID(),
      'idempotency-key': id,
      ...(o.signed === false
        ? { 'x-gitlab-token': secret }
        : {
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook('gitlab', secret, body, { id, timestamp }),
          }),
    },
  };
}
