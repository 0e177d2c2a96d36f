import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { listenLocal } from './listen.js';

/**
 * A stand-in for the Kubernetes dashboard (v2, as `kubectl proxy` serves it under
 * `/api/v1/namespaces/kubernetes-dashboard/services/https:kubernetes-dashboard:/proxy/`) with
 * the markup, the API and the flow of the real one. Sources are listed in
 * test/fixtures/real/SOURCES.md ("Web UIs"):
 *
 * - The single-page app routes on the hash (`#/login`, `#/overview`,
 *   `#/deployment?namespace=…`); a route other than the login asks `api/v1/login/status` and
 *   goes to `#/login` when no token is present (chrome/routing.ts, guard/auth.ts).
 * - The login page (login/template.html, login/component.ts): `kd-login` with a radio group
 *   `login`, one `mat-radio-button` per mode of `api/v1/login/modes` plus `kubeconfig`; the
 *   selected mode is the `authMode` cookie's, else the first mode. For `token`, the field
 *   `input#token[name=token][type=password]` ("Enter token"), read on `change`. The button
 *   "Sign in" (`button.kd-login-button[type=submit]`) is disabled unless the page is on https
 *   or localhost / 127.0.0.1, with the error "Insecure access detected. …". Errors show as
 *   `mat-error.kd-error-text` "<status> (<code>): <message>", MSG_LOGIN_UNAUTHORIZED_ERROR
 *   localised as "Invalid credentials provided" (common/errors/errors.ts).
 * - Sign-in (common/services/global/authentication.ts, csrftoken.ts, index.config.ts):
 *   `GET api/v1/csrftoken/login` → `{token}`, then `POST api/v1/login` with header
 *   `X-CSRF-TOKEN` and `{token}` → `AuthResponse {jweToken, errors}`; a token the API server
 *   refuses gives HTTP 200 with `jweToken: ""` and the Status error
 *   `Unauthorized (401) MSG_LOGIN_UNAUTHORIZED_ERROR` (backend auth/manager.go, errors/
 *   handler.go, errors/localizer.go). The JWE token is kept in the `jweToken` cookie and sent
 *   as the `jweToken` header on every `api/v1` call (interceptor.ts).
 * - The deployment list (resourcelist/deployment/template.html): `kd-deployment-list` with a
 *   `kd-card` "Deployments", "Items: N", a `mat-table` with a `mat-row` per deployment (Name,
 *   Images, Labels, Pods "running / desired", Created) or `kd-list-zero-state`.
 *
 * The app here is a small plain script of this stand-in, not the dashboard's Angular build.
 */

export interface DashboardDeployment {
  name: string;
  image: string;
  running: number;
  desired: number;
}

export interface DashboardRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  /** Whether the `jweToken` and `X-CSRF-TOKEN` headers came along. */
  jweHeader: boolean;
  csrfHeader: boolean;
}

export interface DashboardLoginPost {
  /** The token in the login body. */
  token: string | undefined;
  csrfOk: boolean;
  accepted: boolean;
}

export interface K8sDashboardStandIn {
  /** The dashboard's root as kubectl proxy serves it (ends with `/proxy/`). */
  url: string;
  requests: DashboardRequest[];
  logins: DashboardLoginPost[];
  /** Namespaces whose deployment list was served to a signed-in page. */
  deploymentsServed: string[];
  close(): Promise<void>;
}

export interface K8sDashboardOptions {
  token: string;
  /** Login modes the dashboard offers (`--authentication-mode`); `['token']` by default. */
  modes?: string[];
  deployments?: DashboardDeployment[];
  /** How long the deployment list's API call takes. */
  listDelayMs?: number;
  host?: string;
}

export const PROXY_PATH =
  '/api/v1/namespaces/kubernetes-dashboard/services/https:kubernetes-dashboard:/proxy/';

const APP = `
const root = document.getElementById('kd-root');
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const cookie = (n) => (document.cookie.split('; ').find((c) => c.startsWith(n + '=')) || '').slice(n.length + 1);
const setCookie = (n, v) => { document.cookie = n + '=' + v + '; SameSite=Strict'; };
const loginEnabled = () => ['localhost', '127.0.0.1'].indexOf(location.hostname) > -1 || location.protocol.includes('https');
const api = (path, init) => {
  const headers = new Headers((init && init.headers) || {});
  if (cookie('jweToken').length) headers.set('jweToken', decodeURIComponent(cookie('jweToken')));
  return fetch(path, Object.assign({}, init, { headers }));
};
const LOCALIZED = { MSG_LOGIN_UNAUTHORIZED_ERROR: 'Invalid credentials provided' };
const kdError = (status, code, message) => ({ status, code, message: LOCALIZED[String(message).trim()] || message });
const LABELS = { kubeconfig: 'Kubeconfig', basic: 'Basic', token: 'Token' };
const DESCRIPTIONS = {
  kubeconfig: 'Please select the kubeconfig file that you have created to configure access to the cluster.',
  basic: 'Make sure that support for basic authentication is enabled in the cluster.',
  token: 'Every Service Account has a Secret with valid Bearer Token that can be used to log in to Dashboard.',
};

async function login() {
  const modes = (await (await api('api/v1/login/modes')).json()).modes;
  modes.push('kubeconfig');
  let selected = decodeURIComponent(cookie('authMode')) || modes[0];
  let token = '';
  let errors = [];
  const draw = () => {
    root.innerHTML = '<kd-login><div class="kd-bg-background"><kd-card><div title class="kd-card-title">Kubernetes Dashboard</div><div content><form>' +
      '<mat-radio-group name="login">' +
      modes.map((m) => '<div><mat-radio-button class="mat-radio-button' + (m === selected ? ' mat-radio-checked' : '') + '"><label class="mat-radio-label">' +
        '<span class="mat-radio-container"><input type="radio" class="mat-radio-input cdk-visually-hidden" name="login" value="' + m + '"' + (m === selected ? ' checked' : '') + '></span>' +
        '<span class="mat-radio-label-content">' + LABELS[m] + '</span></label></mat-radio-button>' +
        '<div class="kd-login-mode-description">' + DESCRIPTIONS[m] + '</div></div>').join('') +
      '</mat-radio-group>' +
      (selected === 'token' ? '<mat-form-field class="kd-login-input"><input matInput id="token" name="token" placeholder="Enter token" type="password" required></mat-form-field>' : '') +
      (selected === 'basic' ? '<div><mat-form-field class="kd-login-input"><input id="username" name="username" matInput placeholder="Username" required></mat-form-field>' +
        '<mat-form-field class="kd-login-input"><input id="password" name="password" matInput placeholder="Password" type="password" required></mat-form-field></div>' : '') +
      (selected === 'kubeconfig' ? '<div class="kd-login-input"><kd-upload-file label="Choose kubeconfig file"><input type="file"></kd-upload-file></div>' : '') +
      errors.map((e) => '<mat-error class="kd-login-input kd-error kd-error-text">' + esc(e.status) + ' (' + esc(e.code) + '): ' + esc(e.message) + '</mat-error>').join('') +
      (loginEnabled() ? '' : '<mat-error class="kd-login-input kd-error kd-error-text">Insecure access detected. Sign in will not be available. Access Dashboard securely over HTTPS or using localhost. Read more <a href="https://github.com/kubernetes/dashboard/blob/master/docs/user/accessing-dashboard/README.md#login-not-available" target="_blank">here</a>.</mat-error>') +
      '<div><button mat-raised-button color="primary" type="submit" class="kd-login-button"' + (loginEnabled() ? '' : ' disabled') + '>Sign in</button></div>' +
      '</form></div></kd-card></div></kd-login>';
    root.querySelectorAll('input[name="login"]').forEach((r) => r.addEventListener('change', () => { selected = r.value; draw(); }));
    const field = root.querySelector('#token');
    if (field) field.addEventListener('change', (e) => { token = e.target.value; });
    root.querySelector('form').addEventListener('submit', (e) => { e.preventDefault(); signIn(); });
  };
  const signIn = async () => {
    setCookie('authMode', selected);
    const csrf = await (await fetch('api/v1/csrftoken/login')).json();
    const res = await fetch('api/v1/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': csrf.token },
      body: JSON.stringify(selected === 'token' ? { token } : {}),
    });
    if (!res.ok) {
      errors = [kdError(res.status === 401 ? 'Unauthorized' : 'Internal error', res.status, (await res.text()).trim())];
      return draw();
    }
    const answer = await res.json();
    if (answer.jweToken.length !== 0 && answer.errors.length === 0) {
      if (loginEnabled()) setCookie('jweToken', encodeURIComponent(answer.jweToken));
      location.hash = '#/overview';
      return;
    }
    errors = answer.errors.map((e) => kdError(e.ErrStatus.reason, e.ErrStatus.code, e.ErrStatus.message));
    draw();
  };
  draw();
}

function chrome(content) {
  root.innerHTML = '<kd-chrome><mat-toolbar class="kd-toolbar">kubernetes</mat-toolbar><div class="kd-content">' + content + '</div></kd-chrome>';
}

async function deployments(namespace) {
  chrome('<kd-deployment-list><kd-card role="table"><div title class="kd-card-title">Deployments</div><div class="kd-spinner">Loading…</div></kd-card></kd-deployment-list>');
  const res = await api('api/v1/deployment/' + encodeURIComponent(namespace));
  if (res.status === 401) { location.hash = '#/login'; return; }
  const list = await res.json();
  const rows = list.deployments.map((d) =>
    '<mat-row role="row" class="mat-row"><mat-cell class="mat-cell"><mat-icon class="kd-success">check_circle</mat-icon></mat-cell>' +
    '<mat-cell class="mat-cell col-stretch-xl"><a href="#/deployment/' + esc(d.objectMeta.namespace) + '/' + esc(d.objectMeta.name) + '">' + esc(d.objectMeta.name) + '</a></mat-cell>' +
    '<mat-cell class="mat-cell col-stretch-xl"><kd-chips>' + d.containerImages.map(esc).join(' ') + '</kd-chips></mat-cell>' +
    '<mat-cell class="mat-cell col-stretch-xl"><kd-chips>' + Object.entries(d.objectMeta.labels).map(([k, v]) => esc(k + ': ' + v)).join(' ') + '</kd-chips></mat-cell>' +
    '<mat-cell class="mat-cell col-stretch-s">' + d.pods.running + ' / ' + d.pods.desired + '</mat-cell>' +
    '<mat-cell class="mat-cell col-stretch-m"><kd-date>' + esc(d.objectMeta.creationTimestamp) + '</kd-date></mat-cell></mat-row>').join('');
  const table = '<div content><mat-table role="table" class="mat-table"><mat-header-row role="row" class="mat-header-row">' +
    '<mat-header-cell></mat-header-cell><mat-header-cell>Name</mat-header-cell><mat-header-cell>Images</mat-header-cell><mat-header-cell>Labels</mat-header-cell>' +
    '<mat-header-cell>Pods</mat-header-cell><mat-header-cell>Created</mat-header-cell></mat-header-row>' + rows + '</mat-table></div>';
  chrome('<kd-deployment-list><kd-card role="table"><div title class="kd-card-title">Deployments</div>' +
    '<div description><span class="kd-muted-light">Items:&nbsp;</span>' + list.listMeta.totalItems + '</div>' +
    (list.deployments.length ? table : '<div content><kd-list-zero-state>There is nothing to display here</kd-list-zero-state></div>') +
    '</kd-card></kd-deployment-list>');
}

async function route() {
  const [path, query] = (location.hash || '#/').slice(1).split('?');
  if (path === '/login') return login();
  const status = await (await api('api/v1/login/status')).json();
  if (status.httpsMode && !(status.headerPresent || status.tokenPresent)) { location.hash = '#/login'; return; }
  if (path === '/' || path === '') { location.hash = '#/overview'; return; }
  if (path === '/deployment') return deployments(new URLSearchParams(query || '').get('namespace') || 'default');
  chrome('<h2 class="kd-overview">Overview</h2>');
}
window.addEventListener('hashchange', route);
route();
`;

const INDEX = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kubernetes Dashboard</title>
<style>
body{font-family:Roboto,sans-serif;margin:0;background:#fafafa}
.cdk-visually-hidden{border:0;clip:rect(0 0 0 0);height:1px;margin:-1px;overflow:hidden;padding:0;position:absolute;width:1px;white-space:nowrap;outline:0}
kd-card{display:block;background:#fff;margin:24px;padding:16px;box-shadow:0 1px 3px rgba(0,0,0,.2)}
.kd-card-title{font-size:20px;margin-bottom:8px}.kd-error-text{display:block;color:#d32f2f}
mat-radio-button,mat-form-field,mat-table,mat-row,mat-header-row{display:block}
mat-row,mat-header-row{display:flex;border-bottom:1px solid #eee;padding:8px 0}mat-cell,mat-header-cell{flex:1}
.kd-toolbar{display:block;background:#326ce5;color:#fff;padding:16px}
</style></head>
<body><kd-root id="kd-root"></kd-root><script>${APP}</script></body></html>`;

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** Starts the stand-in on a free port of `host` (127.0.0.1). */
export async function startK8sDashboard(o: K8sDashboardOptions): Promise<K8sDashboardStandIn> {
  const modes = o.modes ?? ['token'];
  const deployments = o.deployments ?? [
    { name: 'hello-node', image: 'labops/hello-node:v1', running: 5, desired: 5 },
  ];
  const csrfTokens = new Set<string>();
  const jweTokens = new Set<string>();
  const state: K8sDashboardStandIn = {
    url: '',
    requests: [],
    logins: [],
    deploymentsServed: [],
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://dashboard');
      const jwe = req.headers.jwetoken;
      state.requests.push({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        jweHeader: typeof jwe === 'string',
        csrfHeader: typeof req.headers['x-csrf-token'] === 'string',
      });
      if (!url.pathname.startsWith(PROXY_PATH)) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('404 page not found\n');
      }
      const path = url.pathname.slice(PROXY_PATH.length);
      const signedIn = typeof jwe === 'string' && jweTokens.has(jwe);
      if (path === '' && req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(INDEX);
      }
      if (path === 'api/v1/login/status')
        return json(res, 200, {
          tokenPresent: signedIn,
          headerPresent: Boolean(req.headers.authorization),
          httpsMode: true,
          impersonationPresent: false,
        });
      if (path === 'api/v1/login/modes') return json(res, 200, { modes });
      if (path === 'api/v1/login/skippable') return json(res, 200, { skippable: false });
      if (path === 'api/v1/csrftoken/login') {
        const token = randomBytes(20).toString('base64url');
        csrfTokens.add(token);
        return json(res, 200, { token });
      }
      if (path === 'api/v1/login' && req.method === 'POST') {
        const csrf = req.headers['x-csrf-token'];
        const csrfOk = typeof csrf === 'string' && csrfTokens.delete(csrf);
        const spec = JSON.parse((await readBody(req)) || '{}') as { token?: string };
        if (!csrfOk) {
          state.logins.push({ token: spec.token, csrfOk, accepted: false });
          res.writeHead(401, { 'content-type': 'text/plain' });
          return res.end('X-CSRF-TOKEN validation failed\n');
        }
        if (!spec.token) {
          state.logins.push({ token: spec.token, csrfOk, accepted: false });
          res.writeHead(500, { 'content-type': 'text/plain' });
          return res.end('Not enough data to create authenticator.\n');
        }
        const accepted = spec.token === o.token;
        state.logins.push({ token: spec.token, csrfOk, accepted });
        if (!accepted)
          return json(res, 200, {
            jweToken: '',
            errors: [
              {
                ErrStatus: {
                  metadata: {},
                  status: 'Failure',
                  message: 'MSG_LOGIN_UNAUTHORIZED_ERROR',
                  reason: 'Unauthorized',
                  code: 401,
                },
              },
            ],
          });
        const token = JSON.stringify({
          protected: randomBytes(8).toString('hex'),
          ciphertext: randomBytes(24).toString('hex'),
        });
        jweTokens.add(token);
        return json(res, 200, { name: '', jweToken: token, errors: [] });
      }
      const list = /^api\/v1\/deployment\/([^/]+)$/.exec(path);
      if (list) {
        if (!signedIn) {
          res.writeHead(401, { 'content-type': 'text/plain' });
          return res.end('MSG_LOGIN_UNAUTHORIZED_ERROR\n');
        }
        const namespace = decodeURIComponent(list[1] as string);
        await new Promise((r) => setTimeout(r, o.listDelayMs ?? 300));
        state.deploymentsServed.push(namespace);
        const shown = namespace === 'default' ? deployments : [];
        return json(res, 200, {
          listMeta: { totalItems: shown.length },
          cumulativeMetrics: [],
          status: { running: shown.length, pending: 0, failed: 0, succeeded: 0, terminating: 0 },
          deployments: shown.map((d) => ({
            objectMeta: {
              name: d.name,
              namespace,
              labels: { app: d.name },
              creationTimestamp: '2025-05-02T13:45:00Z',
            },
            typeMeta: { kind: 'deployment', scalable: true, restartable: true },
            pods: {
              current: d.running,
              desired: d.desired,
              running: d.running,
              pending: 0,
              failed: 0,
              succeeded: 0,
              warnings: [],
            },
            containerImages: [d.image],
            initContainerImages: null,
          })),
          errors: [],
        });
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found\n');
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  const { origin, close } = await listenLocal(server, o.host);
  state.url = `${origin}${PROXY_PATH}`;
  state.close = close;
  return state;
}
