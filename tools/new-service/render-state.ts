/**
 * The state that calls a new service's Task from the workflow, as `npm run new:service` prints it
 * for workflows/order-processing.asl.yml (docs/fork.md, "Add a state"). It is printed, not written:
 * where it goes, and what points at it, is the developer's decision (and every state on the happy
 * path changes the transition budget). Its Retry and Catch are the blocks every state shares
 * (workflows/error-handling.yml), so it is valid anywhere before the pivot after AssessRisk, which
 * keeps the order in `$order` (the definition is JSONata with variables).
 */
import type { ServiceNames } from './names';

/** The file the state goes into, and the one its blocks come from. */
export const DEFINITION_FILE = 'workflows/order-processing.asl.yml';
export const BLOCKS_FILE = 'workflows/error-handling.yml';

/**
 * The Task state (`<TaskPascal>`), indented as a state of the top-level `States`: the Task input
 * (JSONata `Arguments` `{ orderId, amount }` from `$order`), the transient-error retrier and the
 * compensation catcher.
 * @param next the state it goes on to.
 */
export function renderTaskState(n: ServiceNames, next: string): string {
  return [
    `  ${n.taskPascal}:`,
    '    Type: Task',
    '    Resource:',
    `      Fn::GetAtt: [${n.task}, Arn]`,
    '    Arguments:',
    "      orderId: '{% $order.orderId %}'",
    "      amount: '{% $order.total.amount %}'",
    '    TimeoutSeconds: 15',
    `    Retry: \${file(${BLOCKS_FILE}):retry.forward}`,
    `    Catch: \${file(${BLOCKS_FILE}):catch.compensate}`,
    `    Next: ${next}`,
    '',
  ].join('\n');
}
