import { Codes, UserError } from '../../../shared/errors.js';
import { type AlreadyExists, alreadyExists } from '../common/applied.js';

/**
 * Turns the `ERROR …` text juju prints (in `ExecError.tail`) into something a student can
 * act on. Returns `AlreadyExists` for the idempotent cases (relation or application already
 * there), a `UserError` for the known mistakes, or undefined for anything else.
 */
export function classifyJujuError(lines: readonly string[]): UserError | AlreadyExists | undefined {
  const text = lines.join('\n');
  if (
    /option provided but not defined: --unit/.test(text) ||
    /unrecognized command: juju run-action/.test(text) ||
    // 3.x names the closest command (cmd/juju/commands/main.go, notFoundCommandMessage).
    /juju: "(run-action|add-relation)" is not a juju command/.test(text)
  ) {
    return new UserError(
      Codes.jujuSyntax,
      'This is Juju 2.9 syntax run under Juju 3.x (`ERROR option provided but not defined: --unit`). ' +
        'In Juju 3: `juju run --unit U cmd` → `juju exec --unit U -- cmd`, ' +
        '`juju run-action --wait U action` → `juju run U action`, `juju add-relation` → `juju integrate`. ' +
        'Scripts such as openstack-base `openrc` that call `juju run --unit` must be updated.',
    );
  }
  const timedOut = /timed out waiting for results from: (.+)$/m.exec(text);
  if (timedOut) {
    // cmd/juju/action/common.go handleTimeout: the client gave up, the task goes on.
    return new UserError(
      Codes.jujuActionFailed,
      `juju stopped waiting for the action (\`${firstError(lines) ?? timedOut[0]}\`), but it goes on running on ${timedOut[1]}. ` +
        'It was not started again (a second run would queue a second one): follow it with `juju operations` ' +
        'and `juju show-task <id>`, then run this command again once it has finished.',
    );
  }
  const ambiguous = /ambiguous relation: "([^"]+)" could refer to (.+)$/m.exec(text);
  if (ambiguous) {
    const options = [...(ambiguous[2] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    return new UserError(
      Codes.jujuAmbiguousRelation,
      `Juju cannot tell which endpoints to relate for "${ambiguous[1]}"; name them as app:endpoint. ` +
        `Candidates: ${options.map((o) => `\`${o}\``).join(', ')}.`,
    );
  }
  const relExists = /relation (.+?) \(already exists\)/.exec(text) ?? /relation .* already exists/.exec(text);
  if (relExists) return alreadyExists('relation', firstError(lines) ?? relExists[0]);
  const appExists = /application already exists|application "[^"]+" already exists/.exec(text);
  if (appExists) return alreadyExists('application', firstError(lines) ?? appExists[0]);
  const notFound = /ERROR (model|application|unit) "?([^"\s]+)"? not found/.exec(text);
  if (notFound) {
    return new UserError(
      Codes.jujuNotFound,
      `Juju ${notFound[1]} \`${notFound[2]}\` not found (\`${firstError(lines)}\`). Check \`juju models\` / \`juju status\`.`,
    );
  }
  return undefined;
}

function firstError(lines: readonly string[]): string | undefined {
  return lines.find((l) => l.startsWith('ERROR'))?.trim();
}

/**
 * `juju add-cloud --client` for a cloud this client already has, 2.9 and 3.x
 * (cmd/juju/cloud/add.go): "ERROR use `update-cloud lab --client` to override known
 * definition: local cloud "lab" already exists", exit 1.
 */
export const cloudExistsLocally = /use `update-cloud \S+ --client` to override known definition/;

/**
 * `juju add-credential --client` for a credential this client already has, 3.x
 * (cmd/juju/cloud/addcredential.go): "ERROR credential "admin" for cloud "lab" already exists
 * locally, use 'juju update-credential lab admin -f creds.yaml' to update this local client copy".
 */
export const credentialExistsLocally = /already exists locally, use 'juju update-credential/;
