/**
 * `npm run check:template [-- --stage <stage>] [-- --template <file>]`
 *
 * Packages the service (`sls package` into a temporary directory, offline, no credentials needed)
 * and checks the generated CloudFormation template against the deploy-readiness rules of
 * tools/template/template-check.ts. With `--template` it checks an existing template file instead.
 * The stage defaults to `prod`, the one whose tables must be retained (custom.retainPolicy).
 * Then AWS's CloudFormation linter (cfn-lint) runs on the same template when it is on PATH: any
 * error or warning fails the check; when it is missing the check says so on stderr and passes on
 * the project's rules alone, unless `--require-cfn-lint` (the GitHub workflow) makes that a failure.
 * Prints a numbered list of violations and exits 1, or a short OK summary.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { HelpRequested, parseCliArgs, stageOption, UsageError } from '../cli/options';
import { runCfnLint } from './cfn-lint';
import { checkTemplate, formatViolations, summarizeTemplate, type Template, type Violation } from './template-check';

export const DEFAULT_STAGE = 'prod';

const USAGE =
  'usage: npm run check:template [-- --stage <stage>] [--template <cloudformation.json>] [--require-cfn-lint]';

export interface PackageOptions {
  stage: string;
  /** Project root holding serverless.yml (default: the working directory). */
  root?: string;
  /** Show the framework's output on stderr (default: only when packaging fails). */
  verbose?: boolean;
}

/** Runs `sls package` for a stage into a temporary directory and returns the update-stack template. */
export function packageTemplate({ stage, root = process.cwd(), verbose = false }: PackageOptions): Template {
  const outDir = mkdtempSync(join(tmpdir(), 'order-processing-package-'));
  try {
    // The osls bin on this process's Node (npm scripts and npx run Node 24; see the README's "The two commands").
    const sls = resolve(root, 'node_modules', 'osls', 'bin', 'serverless.js');
    const result = spawnSync(process.execPath, [sls, 'package', '--stage', stage, '--package', outDir], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', verbose ? 'inherit' : 'pipe', verbose ? 'inherit' : 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) {
      const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
      throw new Error(`sls package --stage ${stage} failed (exit ${String(result.status)})\n${output}`);
    }
    return JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * Whether serverless.yml retains the tables of this stage (`custom.retainPolicy.<stage>: Retain`).
 * Read from the YAML as written: CloudFormation tags elsewhere in the file do not matter here.
 */
export function stageRetainsData(stage: string, root: string = process.cwd()): boolean {
  const config = parse(readFileSync(resolve(root, 'serverless.yml'), 'utf8'), { logLevel: 'silent' }) as unknown;
  const custom = (config as { custom?: { retainPolicy?: Record<string, unknown> } } | null)?.custom;
  return custom?.retainPolicy?.[stage] === 'Retain';
}

export interface CheckRun {
  stage: string;
  retainData: boolean;
  template: Template;
  violations: Violation[];
}

export function runTemplateCheck(template: Template, stage: string, root: string = process.cwd()): CheckRun {
  const retainData = stageRetainsData(stage, root);
  return { stage, retainData, template, violations: checkTemplate(template, { retainData }) };
}

export interface CheckTemplateCliOptions {
  stage: string;
  templateFile?: string;
  /** Fail when cfn-lint is not installed (instead of saying so and checking without it). */
  requireCfnLint: boolean;
}

/** `--stage <stage>` (default prod) and `--template <file>`; no positionals. */
export function parseCheckTemplateArgs(argv: string[]): CheckTemplateCliOptions {
  const { values } = parseCliArgs(argv, USAGE, {
    options: {
      stage: { type: 'string', default: DEFAULT_STAGE },
      template: { type: 'string' },
      'require-cfn-lint': { type: 'boolean', default: false },
    },
  });
  if (values.template === '') throw new UsageError(`--template needs a file\n${USAGE}`);
  return {
    stage: stageOption(values.stage, USAGE),
    templateFile: values.template,
    requireCfnLint: values['require-cfn-lint'],
  };
}

/** cfn-lint on the template (written to a temporary file when it came from packaging). */
function lintTemplate(template: Template, options: CheckTemplateCliOptions): { ok: boolean; summary: string } {
  const dir = options.templateFile ? undefined : mkdtempSync(join(tmpdir(), 'order-processing-cfn-lint-'));
  const file = options.templateFile ?? join(dir ?? '', 'cloudformation-template-update-stack.json');
  try {
    if (dir) writeFileSync(file, JSON.stringify(template, null, 2));
    const result = runCfnLint(file);
    switch (result.status) {
      case 'missing':
        process.stderr.write(`${result.message}\n`);
        return { ok: !options.requireCfnLint, summary: 'cfn-lint not installed' };
      case 'clean':
        return { ok: true, summary: `${result.version}: no findings` };
      default:
        process.stderr.write(`Template check FAILED: ${result.version} (exit ${result.exitCode}):\n${result.output}\n`);
        return { ok: false, summary: '' };
    }
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv: string[]): number {
  const options = parseCheckTemplateArgs(argv);
  let template: Template;
  if (options.templateFile) {
    template = JSON.parse(readFileSync(options.templateFile, 'utf8')) as Template;
  } else {
    process.stderr.write(`Packaging stage ${options.stage} (sls package)…\n`);
    template = packageTemplate({ stage: options.stage });
  }
  const run = runTemplateCheck(template, options.stage);
  const source = options.templateFile ?? `sls package --stage ${options.stage}`;
  if (run.violations.length > 0) {
    process.stderr.write(`Template check FAILED (${source}): ${run.violations.length} violation(s)\n`);
    process.stderr.write(`${formatViolations(run.violations)}\n`);
    return 1;
  }
  const lint = lintTemplate(template, options);
  if (!lint.ok) return 1;
  const counts = Object.entries(summarizeTemplate(template))
    .map(([what, count]) => `${what}: ${count}`)
    .join(', ');
  const retain = run.retainData ? 'tables retained' : 'tables deleted with the stack';
  process.stdout.write(`Template check OK (${source}; ${retain}; ${lint.summary}): ${counts}\n`);
  return 0;
}

// Run only as a script (tsx tools/template/check-template.ts), not when a test imports the helpers.
if (/check-template\.ts$/.test(process.argv[1] ?? '')) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof HelpRequested) {
      // `--help`: the usage on stdout, exit 0, as runCli answers it in the other CLIs.
      process.stdout.write(`${error.message}\n`);
      process.exit(0);
    }
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    // Bad arguments exit 2, as in the other CLIs (tools/cli/options.ts); a failed packaging 1.
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}
