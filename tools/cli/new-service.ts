/**
 * `npm run new:service -- <name> [--task <functionName>]`
 *
 * Scaffolds services/<name>/ in the project's layout (docs/fork.md, "Add a service"): schemas,
 * logger, a pure domain rule and its port, the port's DynamoDB adapter and factory, one idempotent
 * Task handler, its serverless fragment and its declaration (service.ts); its unit tests (with an
 * in-memory fake of the port), its integration test and sample events; and wires it in: the root
 * serverless.yml, its Task's InputSpec for the property tests and its case in the idempotency test;
 * then prints the state that calls the Task from the workflow (tools/new-service/render-state.ts).
 * The Task function is `record<Name>` unless `--task` names it.
 *
 * Every check runs before anything is written: a bad name, an existing service or function, or a
 * file that would be overwritten prints the problems and exits 2 with nothing written.
 */
import { NEW_SERVICE_USAGE, parseNewServiceArgs } from '../new-service/args';
import { argumentProblems, defaultTaskName, serviceNames } from '../new-service/names';
import { planService } from '../new-service/plan';
import { BLOCKS_FILE, DEFINITION_FILE, renderTaskState } from '../new-service/render-state';
import { existingFiles, reader, takenIn } from '../new-service/project';
import { writePlan } from '../new-service/write';
import { printResult } from './output';
import { runCli, UsageError } from './options';

async function main(): Promise<number> {
  const root = process.cwd();
  const args = parseNewServiceArgs(process.argv.slice(2));
  const problems = argumentProblems(args.name, args.task, await takenIn(root));
  if (problems.length > 0) throw new UsageError(`${problems.join('\n')}\n${NEW_SERVICE_USAGE}`);

  const names = serviceNames(args.name, args.task ?? defaultTaskName(args.name));
  const plan = planService(names, reader(root));
  const existing = existingFiles(root, plan);
  if (existing.length > 0) {
    throw new UsageError(`refusing to overwrite: ${existing.join(', ')}\nnothing was written`);
  }
  await writePlan(root, plan);

  const { service, task } = names;
  printResult(
    [
      `Created services/${service}/ with the Task function ${task}:`,
      ...plan.create.map((file) => `  + ${file.path}`),
      'Wired it into:',
      ...plan.edit.map((file) => `  ~ ${file.path}`),
      'Next (docs/fork.md, "Add a service"):',
      `  npx jest test/unit/${service} test/integration/${service}`,
      `  npx sls invoke local -f ${task} -p events/${task}/valid.json`,
      '  npm run typecheck && npm run lint && npm run check:template',
      `  then make services/${service}/domain/${service}.ts your rule, and call ${task} from the state machine ("Add a state"):`,
      `  this state in ${DEFINITION_FILE}, before the pivot (its blocks come from ${BLOCKS_FILE}):`,
      '',
      renderTaskState(names, 'CaptureAndShip'),
    ].join('\n'),
  );
  return 0;
}

runCli(main);
