import { EvidenceError, LoginRefusedError, PageUnreachableError } from '../errors.js';
import {
  budget,
  firstLine,
  firstLineOf,
  open,
  rootOf,
  shownText,
  shows,
  submitAndWait,
  withoutSecret,
} from './login-page.js';
import { CAPTURE_SLACK_MS, withPageSession } from './screenshot-page.js';

/**
 * Screenshots of the lab's real web UIs, logged in through their own login pages: Horizon's
 * network topology (CheckPoint 1) and the Kubernetes dashboard's deployments (CheckPoint 3).
 * Secrets are typed into the login forms only: never put in a URL, and never in an error.
 */

/** Where Horizon is and who logs in. */
export interface HorizonLogin {
  /** Horizon's root, e.g. `https://10.20.0.11/horizon` (its login page is `<url>/auth/login/`). */
  url: string;
  user: string;
  /** The user's Keystone domain, typed when the login form asks for one (multi-domain Keystone). */
  domain?: string;
  password: string;
}

export interface HorizonShot extends HorizonLogin {
  /** Budget for the whole visit (login, topology page, drawing). */
  timeoutMs: number;
  width?: number;
  height?: number;
}

/** Where the Kubernetes dashboard is and the bearer token of its token login. */
export interface K8sDashboardLogin {
  /** The dashboard's root, e.g. the `kubectl proxy` URL `http://<main>:8080/api/v1/namespaces/kubernetes-dashboard/services/https:kubernetes-dashboard:/proxy/`. */
  url: string;
  token: string;
  /** Namespace whose deployments are shown; `default` when unset. */
  namespace?: string;
}

export interface K8sDashboardShot extends K8sDashboardLogin {
  /** Budget for the whole visit (login, deployments view, its data). */
  timeoutMs: number;
  width?: number;
  height?: number;
}

/**
 * Horizon's pieces relied upon: the `openstack_auth` login URL and form (`Login` form fields
 * `domain` when multi-domain, `username`, `password`, the hidden `region` and
 * `csrfmiddlewaretoken`; button `#loginBtn`), where Django shows a refused login (the form's
 * non-field errors, e.g. "Invalid credentials."), and what the topology scripts draw
 * (`g.network` groups in `svg#topology_canvas`, or the class `noinfo` on the canvas container
 * when there is nothing to draw).
 */
const HORIZON = {
  loginPath: 'auth/login/',
  topologyPath: 'project/network_topology/',
  password: 'input[name="password"]',
  username: 'input[name="username"]',
  domain: '[name="domain"]',
  submit: '#loginBtn, form:has(input[name="password"]) [type="submit"]',
  errors: '.alert-error, .alert-danger, .errorlist, #logout_reason, .help-inline',
  drawn: '#topology_canvas g.network, #flatTopologyCanvasContainer.noinfo, #topologyCanvasContainer.noinfo',
} as const;

/**
 * The Kubernetes dashboard's pieces relied upon: its login page (`kd-login`: a radio group
 * `login` with one choice per mode, `token` among them; the token field `#token`, read on its
 * `change` event; the submit button "Sign in", disabled when sign-in is not allowed; errors as
 * `.kd-error-text`), its login API (`POST api/v1/login`, answering `{jweToken, errors}`), its
 * hash routes (`#/login`, `#/deployment?namespace=…`) and the deployment list
 * (`kd-deployment-list`: a `mat-row` per deployment, `kd-list-zero-state` when empty).
 */
const DASHBOARD = {
  token: '#token',
  tokenChoice: 'input[type="radio"][value="token"]',
  signIn: 'button[type="submit"]',
  errors: '.kd-error-text',
  loginApi: /\/api\/v1\/login$/,
  rows: 'kd-deployment-list mat-row',
  empty: 'kd-deployment-list kd-list-zero-state',
} as const;

/**
 * Logs into Horizon through its login form, opens `<url>/project/network_topology/` and
 * captures the viewport once the topology has been drawn. A refused login throws
 * {@link LoginRefusedError} (`LOGIN_REFUSED`) with Horizon's own words; an unreachable Horizon
 * throws {@link PageUnreachableError} (`PAGE_UNREACHABLE`).
 */
export async function screenshotHorizonTopology(shot: HorizonShot): Promise<Buffer> {
  const base = rootOf(shot.url).replace(/\/+$/, '');
  const loginUrl = `${base}/${HORIZON.loginPath}`;
  const topologyUrl = `${base}/${HORIZON.topologyPath}`;
  const left = budget(shot.timeoutMs);
  return withoutSecret(shot.password, () =>
    withPageSession({ ...shot, url: loginUrl }, async (page) => {
      await open(page, loginUrl, left);
      const password = page.locator(HORIZON.password);
      if (!(await shows(password, left())))
        throw new EvidenceError(
          'RENDER_FAILED',
          `no Horizon login form at ${loginUrl} (give Horizon's root, e.g. https://<openstack-dashboard address>/horizon)`,
        );
      const domain = page.locator(HORIZON.domain).first();
      if (shot.domain && (await domain.isVisible())) {
        if ((await domain.evaluate((el) => el.tagName)) === 'SELECT')
          await domain.selectOption([{ value: shot.domain }, { label: shot.domain }], { timeout: left() });
        else await domain.fill(shot.domain, { timeout: left() });
      }
      await page.locator(HORIZON.username).fill(shot.user, { timeout: left() });
      await password.fill(shot.password, { timeout: left() });
      await submitAndWait(page, page.locator(HORIZON.submit).first(), left, loginUrl);

      const as = `user ${shot.user}${shot.domain ? ` in domain ${shot.domain}` : ''}`;
      if (isHorizonLogin(page.url()) || (await page.locator(HORIZON.password).isVisible())) {
        const said = (await shownText(page.locator(HORIZON.errors))) || (await firstLine(page));
        throw new LoginRefusedError(loginUrl, `Horizon did not let ${as} in${said ? `: ${said}` : ''}`);
      }

      await open(page, topologyUrl, left);
      if (isHorizonLogin(page.url()))
        throw new LoginRefusedError(
          topologyUrl,
          `Horizon sent ${as} back to its login page (the session was not kept: over http, Horizon's secure cookies need https)`,
        );
      try {
        await page.locator(HORIZON.drawn).first().waitFor({ state: 'attached', timeout: left() });
      } catch (err) {
        throw new EvidenceError(
          'RENDER_FAILED',
          `Horizon's network topology at ${topologyUrl} was not drawn within ${shot.timeoutMs} ms`,
          { cause: err },
        );
      }
      return page.screenshot({ type: 'png', timeout: CAPTURE_SLACK_MS });
    }),
  );
}

/**
 * Opens the Kubernetes dashboard, chooses its token login, signs in with the token, checks the
 * dashboard accepted it, opens the deployments of the namespace (`default`) and captures the
 * viewport once the list is shown. A rejected token (or a dashboard that does not allow
 * sign-in at that address) throws {@link LoginRefusedError} (`LOGIN_REFUSED`); an unreachable
 * dashboard throws {@link PageUnreachableError} (`PAGE_UNREACHABLE`).
 */
export async function screenshotK8sDashboard(shot: K8sDashboardShot): Promise<Buffer> {
  const root = new URL(rootOf(shot.url));
  root.hash = '';
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  const base = root.toString();
  const namespace = shot.namespace ?? 'default';
  const deploymentsUrl = `${base}#/deployment?namespace=${encodeURIComponent(namespace)}`;
  const left = budget(shot.timeoutMs);
  return withoutSecret(shot.token, () =>
    withPageSession({ ...shot, url: base }, async (page) => {
      await open(page, base, left);
      const token = page.locator(DASHBOARD.token);
      const choice = page.locator(DASHBOARD.tokenChoice).first();
      if (
        !(await shows(
          page.locator(`${DASHBOARD.token}, ${DASHBOARD.tokenChoice}`).first(),
          left(),
          'attached',
        ))
      )
        throw new EvidenceError(
          'RENDER_FAILED',
          `no token login on the Kubernetes dashboard at ${base} (its login page has no Token choice)`,
        );
      if (!(await token.isVisible())) {
        // Angular Material hides the radio input itself behind its label: click the input.
        await choice.dispatchEvent('click');
        if (!(await shows(token, left())))
          throw new EvidenceError(
            'RENDER_FAILED',
            `choosing Token on the dashboard at ${base} showed no token field`,
          );
      }
      await token.fill(shot.token, { timeout: left() });
      // The dashboard reads the field on `change`, which a browser fires when it loses focus.
      await token.dispatchEvent('change');

      const signIn = page
        .locator(DASHBOARD.signIn)
        .filter({ hasText: /sign in/i })
        .first();
      if (await signIn.isDisabled({ timeout: left() })) {
        const said = await shownText(page.locator(DASHBOARD.errors));
        throw new LoginRefusedError(
          base,
          `the dashboard does not allow signing in at this address${said ? ` ("${said}")` : ''}: it allows it over https or from localhost only (open it through an https URL or an SSH tunnel to localhost)`,
        );
      }
      const answered = page.waitForResponse(
        (r) => r.request().method() === 'POST' && DASHBOARD.loginApi.test(new URL(r.url()).pathname),
        { timeout: left() },
      );
      answered.catch(() => {});
      await signIn.click({ timeout: left() });
      let answer: Awaited<typeof answered>;
      try {
        answer = await answered;
      } catch (err) {
        throw new EvidenceError(
          'RENDER_FAILED',
          `the dashboard at ${base} did not answer the sign-in within ${shot.timeoutMs} ms`,
          { cause: err },
        );
      }
      const body = (await answer.json().catch(() => undefined)) as LoginAnswer | undefined;
      const errors = body?.errors ?? [];
      if (answer.status() !== 200 || errors.length > 0 || body?.jweToken === '') {
        const said =
          (await shownText(page.locator(DASHBOARD.errors))) ||
          describeLoginErrors(errors) ||
          `HTTP ${answer.status()} ${firstLineOf(await answer.text().catch(() => ''))}`.trim();
        throw new LoginRefusedError(base, `the dashboard did not accept the token: ${said}`);
      }
      try {
        await page.waitForURL((u) => !isDashboardLogin(u.toString()), { timeout: left() });
      } catch (err) {
        throw new LoginRefusedError(
          base,
          'the dashboard stayed on its login page after accepting the token',
          {
            cause: err,
          },
        );
      }

      await open(page, deploymentsUrl, left);
      const list = page.locator(DASHBOARD.rows).or(page.locator(DASHBOARD.empty).filter({ visible: true }));
      // The list (rows, or its zero state), or the dashboard's way back to its login route. The
      // login form may linger a moment while the route changes: only the route counts as refusal.
      let listed = false;
      while (left() > 0) {
        if ((await list.count()) > 0) {
          listed = true;
          break;
        }
        if (isDashboardLogin(page.url()))
          throw new LoginRefusedError(
            deploymentsUrl,
            'the dashboard sent the browser back to its login page',
          );
        await page.waitForTimeout(Math.min(100, Math.max(1, left())));
      }
      if (!listed)
        throw new EvidenceError(
          'RENDER_FAILED',
          `the dashboard's deployments in ${namespace} were not shown within ${shot.timeoutMs} ms`,
        );
      return page.screenshot({ type: 'png', timeout: CAPTURE_SLACK_MS });
    }),
  );
}

/** The login API's answer (`AuthResponse`); errors are Kubernetes `Status` objects. */
interface LoginAnswer {
  jweToken?: string;
  errors?: { ErrStatus?: { reason?: string; code?: number; message?: string } }[];
}

/** Pure: the login API's errors as the dashboard words them, e.g. "Unauthorized (401): MSG_LOGIN_UNAUTHORIZED_ERROR". */
export function describeLoginErrors(errors: LoginAnswer['errors']): string {
  return (errors ?? [])
    .map((e) => e.ErrStatus)
    .filter((s) => s !== undefined)
    .map((s) => `${s.reason ?? 'Error'} (${s.code ?? '?'}): ${s.message ?? ''}`.trim())
    .join('; ');
}

const isHorizonLogin = (url: string) => new URL(url).pathname.endsWith(`/${HORIZON.loginPath}`);
const isDashboardLogin = (url: string) => new URL(url).hash.startsWith('#/login');
