/**
 * `npx tsx tools/cli/business-errors.ts [--check]`
 *
 * Writes services/shared/business-errors.ts from the services' declarations (`errors` in
 * services/<name>/service.ts), then lists every other copy that no longer follows them (the ops
 * metric filter, the functions' error-rate alarms, the rows of docs/operations.md, the error names
 * of docs/workflow.md), each with the
 * file to edit and what to write; exits 1 when there is one. `--check` writes nothing and also
 * reports the generated module when it is out of date. test/unit/workflow/business-errors.test.ts
 * runs the same checks.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadServices, serviceNames } from '../offline/services';
import { copyProblems, OPERATIONS_DOC, OPS_FILE, WORKFLOW_DOC, type CopyFiles } from '../business-errors/copies';
import { declaredErrors, GENERATED_MODULE, renderModule } from '../business-errors/declared';
import { printResult } from './output';
import { parseCliArgs, runCli } from './options';

const USAGE = 'usage: npx tsx tools/cli/business-errors.ts [--check]';

/** The texts of the files that hold copies of the business errors, read from `root`. */
export function readCopyFiles(root: string): CopyFiles {
  // A missing file reads as empty: its problem is then reported like any other.
  const read = (path: string) => (existsSync(resolve(root, path)) ? readFileSync(resolve(root, path), 'utf8') : '');
  return {
    generatedModule: read(GENERATED_MODULE),
    ops: read(OPS_FILE),
    operationsDoc: read(OPERATIONS_DOC),
    workflowDoc: read(WORKFLOW_DOC),
    serviceConfigs: Object.fromEntries(
      serviceNames(root).map((name) => [name, read(`services/${name}/serverless.yml`)] as const),
    ),
  };
}

async function main(): Promise<number> {
  const { values } = parseCliArgs(process.argv.slice(2), USAGE, { options: { check: { type: 'boolean' } } });
  const root = process.cwd();
  const errors = declaredErrors(await loadServices(root));
  const module = renderModule(errors);
  if (values.check !== true && readCopyFiles(root).generatedModule !== module) {
    writeFileSync(resolve(root, GENERATED_MODULE), module);
    printResult(`wrote ${GENERATED_MODULE}`);
  }
  const problems = copyProblems(errors, readCopyFiles(root));
  printResult(
    problems.length === 0
      ? `${errors.length} business errors; every copy follows the declarations`
      : [
          'Still to edit:',
          ...problems.map((problem) => `  - ${problem}`),
          'Then `npm run format` aligns the markdown tables (npm run lint checks them).',
        ].join('\n'),
  );
  return problems.length === 0 ? 0 : 1;
}

// Run only as a script, not when a test imports readCopyFiles.
if (/business-errors\.ts$/.test(process.argv[1] ?? '')) runCli(main);
