import { Codes, UserError } from '../../../shared/errors.js';
import { type Exec, ExecError, type ExecResult } from '../../../shared/exec.js';
import type { Clock } from '../../clock.js';
import { type Applied, done, dryRun } from '../common/applied.js';
import { type ActionResult, parseActionOutput } from './action-parse.js';
import {
  type Argv,
  configFileArgv,
  configGetArgv,
  configSetArgv,
  type DeployOptions,
  deployArgv,
  execArgv,
  integrateArgv,
  runActionArgv,
  statusArgv,
} from './argv.js';
import { classifyJujuError } from './errors.js';
import { type Guidance, unitGuidance } from './status-guidance.js';
import { type JujuStatusSummary, parseJujuStatus } from './status-parse.js';
import { type JujuVersion, parseJujuVersion } from './version.js';
import { type WaitForOptions, type WaitTargets, waitForTargets } from './wait-for.js';

export interface JujuTimeouts {
  /** Read-only calls: version, status, config get. */
  query: number;
  /** deploy, integrate, config set, open-port. */
  change: number;
  /** Actions and unit commands (sync-images and retrofit-image run for many minutes). */
  action: number;
}

const defaultTimeouts: JujuTimeouts = { query: 60_000, change: 5 * 60_000, action: 60 * 60_000 };

export interface JujuDeps {
  exec: Exec;
  /** The OpenStack model, e.g. `maas-controller:openstack`. */
  model: string;
  /** The Kubernetes model (on the OpenStack cloud), used by `k8s`. */
  k8sModel?: string;
  signal?: AbortSignal;
  timeouts?: Partial<JujuTimeouts>;
  /** The lab's clock, for `waitFor` (default: real time). */
  clock?: Clock;
}

export interface UnitHealth {
  unit: string;
  workload: string;
  agent: string;
  message: string;
  guidance?: Guidance;
}

/** The juju adapter, bound to one model. */
export interface Juju {
  readonly model: string;
  /** The client version, detected once with `juju version`. */
  version(): Promise<JujuVersion>;
  status(): Promise<JujuStatusSummary>;
  deploy(charm: string, o?: DeployOptions): Promise<Applied>;
  integrate(a: string, b: string): Promise<Applied>;
  config(app: string, values: Record<string, string | number | boolean>): Promise<Applied>;
  /** `juju config <app> --file <file>` (a YAML `{<app>: {key: value}}` written by `withHomeFiles`). */
  configFile(app: string, file: string): Promise<Applied>;
  getConfig(app: string, key: string): Promise<string>;
  /**
   * Runs an action and waits for its result, at most `o.waitMs` (default: the action
   * timeout). An action that was never scheduled, or that outlives the wait, is a UserError.
   */
  runAction(
    unit: string,
    action: string,
    params?: Record<string, string | number | boolean>,
    o?: { waitMs?: number },
  ): Promise<ActionResult | { kind: 'dry-run'; argv: string[] }>;
  /** Runs a command on a unit; `mutates` marks commands that change it (the default). */
  exec(
    unit: string,
    argv: readonly string[],
    o?: { mutates?: boolean; timeoutMs?: number },
  ): Promise<ExecResult>;
  /** `open-port N/tcp` on a unit (the NodePort step). */
  openPort(unit: string, port: string): Promise<Applied>;
  waitFor(targets: WaitTargets, o: WaitForOptions): Promise<{ status: JujuStatusSummary; notes: string[] }>;
  /** Units that are not active/idle, with guidance for the known blocked messages. */
  healthSnapshot(): Promise<{
    model: string;
    units: number;
    notReady: UnitHealth[];
    status: JujuStatusSummary;
  }>;
  /** The same adapter on another model (sharing the detected version). */
  inModel(model: string): Juju;
  /** The adapter on the Kubernetes model (throws when none is configured). */
  readonly k8s: Juju;
}

/** Creates the juju adapter. Nothing runs until a method is called. */
export function createJuju(deps: JujuDeps): Juju {
  const t = { ...defaultTimeouts, ...deps.timeouts };
  let versionP: Promise<JujuVersion> | undefined;
  const version = () => {
    versionP ??= deps
      .exec({ argv: ['juju', 'version'], timeoutMs: t.query, signal: deps.signal })
      .then((r) => parseJujuVersion(r.stdout))
      .catch((err) => {
        versionP = undefined;
        throw err;
      });
    return versionP;
  };

  const run = async (argv: Argv, o: { mutates: boolean; timeoutMs: number; full?: boolean }) => {
    try {
      return await deps.exec({
        argv,
        timeoutMs: o.timeoutMs,
        mutates: o.mutates,
        signal: deps.signal,
        capture: o.full ? 'full' : 'tail',
      });
    } catch (err) {
      throw translate(err);
    }
  };
  /** A mutating call whose "already exists" answer is a normal outcome. */
  const change = async (argv: Argv, timeoutMs = t.change): Promise<Applied> => {
    try {
      const r = await deps.exec({ argv, timeoutMs, mutates: true, signal: deps.signal });
      return r.dryRun ? dryRun(r.argv) : done(undefined);
    } catch (err) {
      if (err instanceof ExecError) {
        const c = classifyJujuError(err.tail);
        if (c && !(c instanceof UserError)) return c;
      }
      throw translate(err);
    }
  };

  const bind = (model: string): Juju => {
    const status = async () =>
      parseJujuStatus(
        (await run(statusArgv(model), { mutates: false, timeoutMs: t.query, full: true })).stdout,
      );
    const self: Juju = {
      model,
      version,
      status,
      deploy: async (charm, o) => change(deployArgv(await version(), model, charm, o)),
      integrate: async (a, b) => change(integrateArgv(await version(), model, a, b)),
      config: (app, values) => change(configSetArgv(model, app, values)),
      configFile: (app, file) => change(configFileArgv(model, app, file)),
      getConfig: async (app, key) =>
        (
          await run(configGetArgv(model, app, key), { mutates: false, timeoutMs: t.query, full: true })
        ).stdout.trim(),
      runAction: async (unit, action, params, o) => {
        const waitMs = o?.waitMs ?? t.action;
        const argv = runActionArgv(await version(), model, unit, action, params, waitMs);
        let r: ExecResult;
        try {
          r = await deps.exec({
            argv,
            // juju's own --wait ends first and says so; this only guards a hung client.
            timeoutMs: waitMs + 60_000,
            mutates: true,
            signal: deps.signal,
            capture: 'full',
          });
        } catch (err) {
          throw actionError(err, unit, action);
        }
        if (r.dryRun) return { kind: 'dry-run' as const, argv: r.argv };
        const res = parseActionOutput(r.stdout);
        if (res.status === 'unscheduled') {
          // Juju 3 says why on stderr: "Operation N failed to schedule any tasks:" and the reason.
          const at = r.tail.findIndex((l) => /failed to schedule any tasks/.test(l));
          const why =
            at >= 0
              ? r.tail
                  .slice(at + 1)
                  .filter(Boolean)
                  .join('; ')
              : '';
          throw new UserError(
            Codes.jujuActionFailed,
            `\`${argv.join(' ')}\` exited 0 without a result: juju scheduled no ${action} task on ${unit}` +
              (why
                ? ` (${why})`
                : ' (no leader elected yet, an unknown action or parameters the charm refuses)') +
              `. Check \`juju status\` and \`juju actions ${unit.split('/')[0]} --schema\`.`,
          );
        }
        if (res.status !== 'completed') {
          throw new UserError(
            Codes.jujuActionFailed,
            `action ${action} on ${unit} ${res.status}${res.message ? `: ${res.message}` : ''}`,
          );
        }
        return res;
      },
      exec: async (unit, cmd, o) =>
        run(execArgv(await version(), model, unit, cmd), {
          mutates: o?.mutates ?? true,
          timeoutMs: o?.timeoutMs ?? t.action,
          full: true,
        }),
      openPort: async (unit, port) => {
        if (!/^\d{1,5}(-\d{1,5})?\/(tcp|udp)$/.test(port))
          throw new UserError(Codes.badInput, `port must look like 30080/tcp, got ${port}`);
        return change(execArgv(await version(), model, unit, ['open-port', port]));
      },
      waitFor: (targets, o) =>
        waitForTargets(status, targets, { clock: deps.clock, ...o, signal: o.signal ?? deps.signal }),
      healthSnapshot: async () => {
        const s = await status();
        const notReady = s.units
          .filter((u) => u.workload !== 'active' || u.agent !== 'idle')
          .map((u) => ({
            unit: u.name,
            workload: u.workload,
            agent: u.agent,
            message: u.message,
            guidance: unitGuidance(u),
          }));
        return { model, units: s.units.length, notReady, status: s };
      },
      inModel: (m) => bind(m),
      get k8s(): Juju {
        if (!deps.k8sModel)
          throw new UserError(
            Codes.config,
            'no Juju model for Kubernetes is configured (LABOPS_JUJU_K8S_MODEL)',
          );
        return bind(deps.k8sModel);
      },
    };
    return self;
  };
  return bind(deps.model);
}

/** A juju failure as the UserError it means, when juju's text is one we know. */
function translate(err: unknown): unknown {
  if (!(err instanceof ExecError)) return err;
  if (err.isCanceled) return new UserError(Codes.cancelled, 'cancelled', { cause: err });
  if (err.timedOut)
    return new UserError(Codes.timeout, `\`${err.argv.join(' ')}\` timed out`, { cause: err });
  const c = classifyJujuError(err.tail);
  if (c instanceof UserError) return new UserError(c.code, c.message, { cause: err });
  if (c) return new UserError(Codes.toolFailed, c.message, { cause: err });
  return err;
}

function actionError(err: unknown, unit: string, action: string): unknown {
  const t = translate(err);
  if (t !== err || !(err instanceof ExecError)) return t;
  // Juju 3 exits non-zero when the task fails and still prints its result.
  const res = err.stdout ? parseActionOutput(err.stdout) : undefined;
  const lines = err.tail
    .filter((l) => /ERROR|failed|message:/.test(l))
    .slice(-3)
    .join(' | ');
  return new UserError(
    Codes.jujuActionFailed,
    `action ${action} on ${unit} failed${res?.message ? `: ${res.message}` : lines ? `: ${lines}` : ''}`,
    { cause: err },
  );
}
