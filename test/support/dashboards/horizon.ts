import { randomInt } from 'node:crypto';
import http from 'node:http';
import { listenLocal } from './listen.js';

/**
 * A stand-in for Horizon (the openstack-dashboard charm, served under /horizon) that answers
 * with the markup and the flow of the real one, so the login code meets what it meets in the lab.
 * Sources are listed in test/fixtures/real/SOURCES.md ("Web UIs"):
 *
 * - `GET <webroot>/auth/login/` (openstack_auth/urls.py) renders the `Login` form of
 *   openstack_auth/forms.py through horizon/templates/auth/_login_form.html and
 *   horizon/common/_form_fields.html, as Django renders them: hidden fields first
 *   (`csrfmiddlewaretoken`, `region`), then `domain` (multi-domain Keystone), `username` and
 *   `password`, each `<input name=… id="id_…">` in a `control-group form-field` div, and the
 *   button `#loginBtn` ("Sign In"). It sets Django's `csrftoken` cookie (a 32-character secret;
 *   the form carries it masked, 64 characters, as django/middleware/csrf.py does).
 * - `POST` checks the CSRF cookie against the form token (403 "CSRF verification failed.
 *   Request aborted." otherwise), then the credentials. Wrong ones re-render the form with the
 *   non-field error "Invalid credentials." (openstack_auth/plugin/base.py) in
 *   `div.alert.alert-message.alert-error > ul.errorlist.nonfield`, with HTTP 200; right ones
 *   set `sessionid`, rotate the CSRF cookie, set `login_region` / `login_domain` and answer
 *   302 to `next` or the webroot.
 * - `<webroot>/project/network_topology/` (login required: 302 to the login page with `next`)
 *   serves the topology tab's markup (`#flatTopologyCanvasContainer` holding
 *   `svg#topology_canvas`, `span#networktopology` with the JSON URL in `data-networktopology`);
 *   a small script of this stand-in then loads the JSON and, after `drawDelayMs`, draws a
 *   `g.network` group per network into the canvas, as horizon.flatnetworktopology.js does (or
 *   adds `noinfo` to the container when there is no network).
 */

export interface HorizonUser {
  domain: string;
  username: string;
  password: string;
}

export interface HorizonRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  /** Names of the cookies sent. */
  cookies: string[];
}

export interface HorizonLoginPost {
  fields: Record<string, string>;
  csrfOk: boolean;
  accepted: boolean;
}

export interface HorizonStandIn {
  /** Horizon's root, e.g. http://127.0.0.1:PORT/horizon */
  url: string;
  requests: HorizonRequest[];
  logins: HorizonLoginPost[];
  /** Times the topology page was served to a logged-in session. */
  topologyServed: number;
  /** When its JSON was served to a logged-in session (ms since the epoch); the drawing follows `drawDelayMs` later. */
  topologyJsonServedAt: number[];
  close(): Promise<void>;
}

export interface HorizonOptions {
  user: HorizonUser;
  /** Keystone multi-domain support: the form has a Domain field (the lab's case). */
  multidomain?: boolean;
  webroot?: string;
  /** Networks the topology shows. */
  networks?: { id: string; name: string; cidr: string; external?: boolean }[];
  /** How long the topology script waits before drawing. */
  drawDelayMs?: number;
  host?: string;
}

const CSRF_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomString = (n: number) =>
  Array.from({ length: n }, () => CSRF_CHARS[randomInt(CSRF_CHARS.length)]).join('');

/** Django's masking of the CSRF secret: a random mask, then each character shifted by the mask's. */
function maskSecret(secret: string): string {
  const mask = randomString(32);
  const cipher = [...secret]
    .map(
      (c, i) =>
        CSRF_CHARS[(CSRF_CHARS.indexOf(c) + CSRF_CHARS.indexOf(mask[i] as string)) % CSRF_CHARS.length],
    )
    .join('');
  return mask + cipher;
}

function unmaskToken(token: string): string {
  if (token.length === 32) return token;
  const mask = token.slice(0, 32);
  return [...token.slice(32)]
    .map((c, i) => {
      const k = CSRF_CHARS.indexOf(c) - CSRF_CHARS.indexOf(mask[i] as string);
      return CSRF_CHARS[(k + CSRF_CHARS.length) % CSRF_CHARS.length];
    })
    .join('');
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function cookiesOf(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

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

function page(title: string, body: string, bodyId = ''): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${esc(title)} - OpenStack Dashboard</title>
<style>
body{font-family:sans-serif;margin:0;background:#f5f5f5}[ng-cloak]{display:none}
.login{max-width:420px;margin:60px auto}.panel{background:#fff;border:1px solid #ddd;border-radius:4px}
.panel-heading,.panel-body,.panel-footer{padding:12px 16px}.form-field{margin:8px 0}.form-field input{width:100%}
.alert-error{color:#a94442;background:#f2dede;padding:8px}.nodata{display:none}.noinfo .nodata{display:block}
#topology_canvas{background:#fff;border:1px solid #ccc}
</style></head>
<body id="${bodyId}">${body}</body></html>`;
}

function field(name: string, label: string, input: string): string {
  return `  <div class="control-group form-field clearfix ">
    <label for="id_${name}">${label}:</label>
    <span class="help-block">  </span>
    <div class="input">
      ${input}
    </div>
  </div>`;
}

function loginPage(o: {
  action: string;
  csrf: string;
  multidomain: boolean;
  domain: string;
  username: string;
  next?: string;
  error?: string;
}): string {
  const fields = [
    `<input type="hidden" name="region" value="default" id="id_region">`,
    o.error
      ? `<div class="alert alert-message alert-error">\n    <ul class="errorlist nonfield"><li>${esc(o.error)}</li></ul>\n  </div>`
      : '',
    o.multidomain
      ? field(
          'domain',
          'Domain',
          `<input type="text" name="domain" value="${esc(o.domain)}" autofocus="autofocus" id="id_domain">`,
        )
      : '',
    field(
      'username',
      'User Name',
      `<input type="text" name="username" value="${esc(o.username)}"${o.multidomain ? '' : ' autofocus="autofocus"'} id="id_username">`,
    ),
    field('password', 'Password', `<input type="password" name="password" id="id_password">`),
  ].join('\n');
  return page(
    'Login',
    `<div class="container login">
  <div class="row">
    <div class="col-xs-11 col-sm-8 col-md-6 col-lg-5 horizontal-center">
<form id="" class="ng-pristine ng-valid ng-scope" method="POST" action="${esc(o.action)}" autocomplete="off" ng-controller="hzLoginController">
  <input type="hidden" name="csrfmiddlewaretoken" value="${o.csrf}">
  <div class="panel panel-default">
    <div class="panel-heading">
      <h3 class="login-title">Log in</h3>
    </div>
    <div class="panel-body">
      <div class="fake_credentials" style="display: none">
        <input type="text" name="fake_email" value="" />
        <input type="password" name="fake_password" value="" />
      </div>
      <fieldset hz-login-finder>
        ${o.next ? `<input type="hidden" name="next" value="${esc(o.next)}" />` : ''}
${fields}
      </fieldset>
    </div>
    <div class="panel-footer">
      <button id="loginBtn" type="submit" class="btn btn-primary pull-right">
        <span ng-show="auth_type==='credentials'">Sign In</span>
        <span ng-hide="auth_type==='credentials'" ng-cloak>Connect</span>
      </button>
      <div class="clearfix"></div>
    </div>
  </div>
</form>
    </div>
  </div>
</div>`,
    'splash',
  );
}

function topologyPage(jsonUrl: string, drawDelayMs: number): string {
  return page(
    'Network Topology',
    `<div class="page-header"><h1>Network Topology</h1></div>
<noscript>This pane needs javascript support.</noscript>
<div class="topology-navi">
  <div class="toggle-view btn-group" data-toggle="buttons">
    <label class="btn btn-default" data-value="small"><input type="radio" name="options" id="option1" checked> Small</label>
    <label class="btn btn-default" data-value="normal"><input type="radio" name="options" id="option2"> Normal</label>
  </div>
</div>
<div id="flatTopologyCanvasContainer">
  <div class="nodata">There are no networks, routers, or connected instances to display.</div>
  <svg width="400" height="400" id="topology_canvas"></svg>
</div>
<span data-networktopology="${esc(jsonUrl)}" id="networktopology"></span>
<div id="topologyMessages"></div>
<script>
(async function () {
  var container = document.getElementById('flatTopologyCanvasContainer');
  var svg = document.getElementById('topology_canvas');
  var url = document.getElementById('networktopology').getAttribute('data-networktopology');
  var model = await (await fetch(url, { credentials: 'same-origin' })).json();
  await new Promise(function (r) { setTimeout(r, ${drawDelayMs}); });
  if (model.networks.length === 0) { container.classList.add('noinfo'); return; }
  var ns = 'http://www.w3.org/2000/svg', colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'];
  svg.setAttribute('width', String(model.networks.length * 270));
  svg.setAttribute('height', '500');
  model.networks.forEach(function (n, i) {
    var g = document.createElementNS(ns, 'g');
    g.setAttribute('class', 'network');
    g.setAttribute('id', 'id_' + n.id);
    g.setAttribute('transform', 'translate(' + (270 * i) + ',0)');
    var rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('class', 'network-rect');
    rect.setAttribute('rx', '9'); rect.setAttribute('width', '17'); rect.setAttribute('height', '500');
    rect.setAttribute('style', 'fill: ' + colors[i % colors.length]);
    var name = document.createElementNS(ns, 'text');
    name.setAttribute('class', 'network-name');
    name.setAttribute('x', '250'); name.setAttribute('y', '-4');
    name.setAttribute('transform', 'rotate(90 0 0)');
    name.textContent = n.name + ' ' + n.subnets.map(function (s) { return s.cidr; }).join(', ');
    g.appendChild(rect); g.appendChild(name); svg.appendChild(g);
  });
})();
</script>`,
  );
}

/** Starts the stand-in on a free port of `host` (127.0.0.1). */
export async function startHorizon(o: HorizonOptions): Promise<HorizonStandIn> {
  const webroot = (o.webroot ?? '/horizon').replace(/\/+$/, '');
  const multidomain = o.multidomain ?? true;
  const networks = o.networks ?? [
    { id: 'ext', name: 'ext_net', cidr: '172.16.0.0/20', external: true },
    { id: 'int', name: 'int_net', cidr: '192.169.0.0/24' },
  ];
  const loginPath = `${webroot}/auth/login/`;
  const topologyPath = `${webroot}/project/network_topology/`;
  const jsonPath = `${topologyPath}json/`;
  const sessions = new Set<string>();
  const state: HorizonStandIn = {
    url: '',
    requests: [],
    logins: [],
    topologyServed: 0,
    topologyJsonServedAt: [],
    close: async () => {},
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://horizon');
      const cookies = cookiesOf(req);
      state.requests.push({
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        cookies: Object.keys(cookies),
      });
      const loggedIn = Boolean(cookies.sessionid && sessions.has(cookies.sessionid));
      const html = (status: number, body: string, headers: Record<string, string | string[]> = {}) => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
        res.end(body);
      };
      const toLogin = () => {
        res.writeHead(302, { location: `${loginPath}?next=${encodeURIComponent(url.pathname)}` });
        res.end();
      };

      if (url.pathname === loginPath && req.method === 'GET') {
        const secret =
          cookies.csrftoken && cookies.csrftoken.length === 32 ? cookies.csrftoken : randomString(32);
        return html(
          200,
          loginPage({
            action: loginPath,
            csrf: maskSecret(secret),
            multidomain,
            domain: cookies.login_domain ?? '',
            username: '',
            next: url.searchParams.get('next') ?? undefined,
          }),
          { 'set-cookie': `csrftoken=${secret}; Path=/; SameSite=Lax`, vary: 'Cookie' },
        );
      }
      if (url.pathname === loginPath && req.method === 'POST') {
        const fields = Object.fromEntries(new URLSearchParams(await readBody(req)));
        const token = fields.csrfmiddlewaretoken ?? '';
        const csrfOk =
          Boolean(cookies.csrftoken) &&
          (token.length === 32 || token.length === 64) &&
          unmaskToken(token) === cookies.csrftoken;
        if (!csrfOk) {
          state.logins.push({ fields, csrfOk, accepted: false });
          return html(
            403,
            page(
              '403 Forbidden',
              '<h1>Forbidden <span>(403)</span></h1><p>CSRF verification failed. Request aborted.</p>',
            ),
          );
        }
        const accepted =
          (!multidomain || fields.domain === o.user.domain) &&
          fields.username === o.user.username &&
          fields.password === o.user.password;
        state.logins.push({ fields, csrfOk, accepted });
        const loginCookies = [
          `login_region=${encodeURIComponent(fields.region ?? '')}; Path=/`,
          `login_domain=${encodeURIComponent(fields.domain ?? '')}; Path=/`,
        ];
        if (!accepted) {
          return html(
            200,
            loginPage({
              action: loginPath,
              csrf: maskSecret(cookies.csrftoken as string),
              multidomain,
              domain: fields.domain ?? '',
              username: fields.username ?? '',
              next: fields.next,
              error: 'Invalid credentials.',
            }),
            { 'set-cookie': loginCookies },
          );
        }
        const session = randomString(32);
        sessions.add(session);
        res.writeHead(302, {
          location: fields.next?.startsWith(webroot) ? fields.next : `${webroot}/`,
          'set-cookie': [
            `sessionid=${session}; HttpOnly; Path=/; SameSite=Lax`,
            `csrftoken=${randomString(32)}; Path=/; SameSite=Lax`,
            ...loginCookies,
          ],
        });
        return res.end();
      }
      if (url.pathname === `${webroot}/` || url.pathname === `${webroot}/project/`) {
        if (!loggedIn) return toLogin();
        return html(200, page('Overview', '<div class="page-header"><h1>Overview</h1></div>'));
      }
      if (url.pathname === topologyPath) {
        if (!loggedIn) return toLogin();
        state.topologyServed++;
        return html(200, topologyPage(jsonPath, o.drawDelayMs ?? 300));
      }
      if (url.pathname === jsonPath) {
        if (!loggedIn) return toLogin();
        state.topologyJsonServedAt.push(Date.now());
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            networks: networks.map((n) => ({
              id: n.id,
              name: n.name,
              'router:external': Boolean(n.external),
              subnets: [{ cidr: n.cidr }],
            })),
            routers: [],
            servers: [],
            ports: [],
          }),
        );
      }
      html(404, page('Not Found', '<h1>Not Found</h1>'));
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  const { origin, close } = await listenLocal(server, o.host);
  state.url = `${origin}${webroot}`;
  state.close = close;
  return state;
}
