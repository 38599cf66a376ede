/**
 * AWS's CloudFormation linter (cfn-lint, a Python tool) on a template file, when it is installed.
 * `npm run check:template` runs it after the project's own rules; nothing in `npm test` needs it.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The version range the project is checked against (the GitHub workflow installs it). */
export const CFN_LINT_VERSION = '1.51.*';

export type CfnLintResult =
  | { status: 'missing'; message: string }
  | { status: 'clean'; version: string }
  | { status: 'findings'; version: string; output: string; exitCode: number };

/** The executable's path on `PATH`, or undefined. */
export function findExecutable(name: string, path: string = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * Runs `cfn-lint <templateFile>`. cfn-lint prints nothing and exits 0 on a clean template; any
 * error, warning or informational finding is printed and makes its exit code non-zero.
 * @param path the search path (default: this process's PATH).
 */
export function runCfnLint(templateFile: string, path: string = process.env.PATH ?? ''): CfnLintResult {
  const executable = findExecutable('cfn-lint', path);
  if (!executable) {
    return {
      status: 'missing',
      message:
        `cfn-lint is not installed, so AWS's CloudFormation linter did not run (only the project's rules did). ` +
        `Install it with: pip install 'cfn-lint==${CFN_LINT_VERSION}'`,
    };
  }
  const env = { ...process.env, PATH: path };
  const version = spawnSync(executable, ['--version'], { encoding: 'utf8', env }).stdout.trim();
  const run = spawnSync(executable, [templateFile], { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  if (run.status === 0 && output === '') return { status: 'clean', version };
  return { status: 'findings', version, output: output || `exit ${String(run.status)}`, exitCode: run.status ?? 1 };
}
