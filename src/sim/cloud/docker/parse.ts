import {
  type ArgSpec,
  MissingValueError,
  type ParsedArgs,
  parseArgs,
  UnknownOptionError,
} from '../cli/args.js';
import { CliExit } from '../cli/io.js';

/** Option parsing with the Docker CLI's (cobra) error texts; exit code 125 as docker uses. */
export function dockerArgs(command: string, argv: string[], spec: ArgSpec): ParsedArgs {
  try {
    return parseArgs(argv, spec);
  } catch (err) {
    if (err instanceof UnknownOptionError) {
      throw new CliExit(`unknown flag: ${err.option}\nSee 'docker ${command} --help'.\n`, 125);
    }
    if (err instanceof MissingValueError) {
      throw new CliExit(`flag needs an argument: ${err.option}\nSee 'docker ${command} --help'.\n`, 125);
    }
    throw err;
  }
}
