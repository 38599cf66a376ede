/**
 * The saga's first state refuses, before anything is reserved, what it cannot process: an input
 * that is not a workflow input (its fields and types are WorkflowInputSchema's,
 * services/orders/schemas.ts, the source) and an execution that is not the order's own (named by
 * the order id). Each Choice rule's JSONata Condition of AssessRisk (workflows/order-processing.asl.yml)
 * is evaluated here with the same library and bindings the engine gives it (`$states.input`,
 * `$states.context`), and must agree with the schema field by field.
 */
import jsonata from 'jsonata';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { WorkflowInputSchema, type WorkflowInput } from '../../../services/orders/schemas';
import { workflowInput } from '../../support/orders';
import { sagaMachines } from './saga-states';

interface ChoiceRule {
  Condition: string;
  Next: string;
}

const [parent] = sagaMachines(loadServerlessConfig());
const assessRisk = (parent?.definition.States as unknown as Record<string, { Choices: ChoiceRule[]; Default: string }>)
  .AssessRisk;

const ORDER_ID = `ord_${'a'.repeat(32)}`;
const valid: WorkflowInput = { ...workflowInput(ORDER_ID), fulfilmentWindowSeconds: 10 };

/** The state AssessRisk goes to for this input in an execution named `name`. */
async function next(input: unknown, name = ORDER_ID): Promise<string> {
  for (const rule of assessRisk?.Choices ?? []) {
    const expression = rule.Condition.replace(/^\{%|%\}$/g, '');
    const states = { input, context: { Execution: { Name: name } } };
    if ((await jsonata(expression).evaluate({}, { states })) === true) return rule.Next;
  }
  return assessRisk?.Default ?? '';
}

const fields = Object.keys(WorkflowInputSchema.shape) as (keyof WorkflowInput)[];
const wrongType = (value: unknown): unknown => (typeof value === 'string' ? 42 : 'text');

describe('AssessRisk refuses what the saga cannot process, before anything is reserved', () => {
  it('lets a workflow input of its own execution through', async () => {
    expect(WorkflowInputSchema.safeParse(valid).success).toBe(true);
    await expect(next(valid)).resolves.toBe('ReserveAndConfirm');
    await expect(next({ ...valid, requiresReview: true })).resolves.toBe('RequestReview');
  });

  it.each(fields)('refuses an input without %s, as WorkflowInputSchema does', async (field) => {
    const input = Object.fromEntries(Object.entries(valid).filter(([key]) => key !== field));
    expect(WorkflowInputSchema.safeParse(input).success).toBe(false);
    await expect(next(input)).resolves.toBe('RefuseInput');
  });

  it.each(fields)('refuses %s of the wrong type, as WorkflowInputSchema does', async (field) => {
    const input = { ...valid, [field]: wrongType(valid[field]) };
    expect(WorkflowInputSchema.safeParse(input).success).toBe(false);
    await expect(next(input)).resolves.toBe('RefuseInput');
  });

  it.each([
    ['an empty order', { ...valid, items: [] }],
    ['a total without an amount', { ...valid, total: { currency: 'EUR' } }],
    ['not an object', 'ord_x'],
    ['nothing', null],
  ])('refuses %s', async (_what, input) => {
    expect(WorkflowInputSchema.safeParse(input).success).toBe(false);
    await expect(next(input)).resolves.toBe('RefuseInput');
  });

  it('refuses an execution that is not the order’s own: another name, or the input of another order', async () => {
    await expect(next(valid, 'replay-1')).resolves.toBe('RefuseForeignExecution');
    await expect(next({ ...valid, orderId: `ord_${'b'.repeat(32)}` })).resolves.toBe('RefuseForeignExecution');
  });
});
