/** The arguments of `npm run new:service`, parsed strictly (node:util parseArgs), without touching disk. */
import { parseCliArgs, UsageError } from '../cli/options';

export const NEW_SERVICE_USAGE = 'usage: npm run new:service -- <name> [--task <functionName>]';

export interface NewServiceArgs {
  /** The service name, as typed (validated against the project later). */
  name: string;
  /** The Task function's name, when given. */
  task?: string;
}

/**
 * One positional (the service name) and an optional `--task <functionName>`.
 * @throws UsageError (exit code 2) for a missing or extra name, an unknown option or `--task` without a value.
 */
export function parseNewServiceArgs(argv: string[]): NewServiceArgs {
  const { values, positionals } = parseCliArgs(argv, NEW_SERVICE_USAGE, {
    options: { task: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    const what =
      positionals.length === 0 ? 'the service name is missing' : `one service name, not ${positionals.length}`;
    throw new UsageError(`${what}\n${NEW_SERVICE_USAGE}`);
  }
  const [name = ''] = positionals;
  return values.task === undefined ? { name } : { name, task: values.task };
}
