/** `npm run new:service`: its arguments and the checks they pass before anything is written (no spawning). */
import { resolve } from 'node:path';
import { UsageError } from '../../../tools/cli/options';
import { parseNewServiceArgs } from '../../../tools/new-service/args';
import {
  argumentProblems,
  defaultTaskName,
  serviceNames,
  taskNameProblems,
  type Taken,
} from '../../../tools/new-service/names';
import { takenIn } from '../../../tools/new-service/project';

/** A project like this one: five services, their functions, tables and variables. */
const TAKEN: Taken = {
  serviceDirs: ['inventory', 'notification', 'orders', 'payment', 'shared', 'shipping'],
  reportAs: ['inventory', 'notifications', 'payment', 'shipping'],
  functions: ['reserveInventory', 'releaseInventory', 'createOrder', 'authorizePayment'],
  resources: ['InventoryTable', 'PaymentsTable', 'ShipmentsTable', 'OrdersTable', 'NotificationsTable'],
  environment: ['INVENTORY_TABLE', 'PAYMENTS_TABLE', 'SHIPMENTS_TABLE', 'ORDERS_TABLE', 'NOTIFICATIONS_TABLE'],
};

describe('parseNewServiceArgs', () => {
  it('takes the service name and an optional --task', () => {
    expect(parseNewServiceArgs(['loyalty'])).toEqual({ name: 'loyalty' });
    expect(parseNewServiceArgs(['loyalty', '--task', 'awardPoints'])).toEqual({ name: 'loyalty', task: 'awardPoints' });
    expect(parseNewServiceArgs(['--task=awardPoints', 'loyalty'])).toEqual({ name: 'loyalty', task: 'awardPoints' });
  });

  it.each([
    [[], /^the service name is missing\nusage: npm run new:service/],
    [['loyalty', 'rewards'], /^one service name, not 2/],
    [['loyalty', '--task'], /^Option '--task <value>' argument missing/],
    [['loyalty', '--tsak', 'x'], /^Unknown option '--tsak'/],
  ])('refuses %j with a UsageError (exit code 2)', (argv, message) => {
    expect(() => parseNewServiceArgs(argv)).toThrow(UsageError);
    expect(() => parseNewServiceArgs(argv)).toThrow(message);
  });
});

describe('serviceNames', () => {
  it('derives every name from the service and its Task function', () => {
    expect(serviceNames('loyalty', 'awardPoints')).toMatchObject({
      pascal: 'Loyalty',
      taskPascal: 'AwardPoints',
      table: 'LoyaltyTable',
      tableEnv: 'LOYALTY_TABLE',
      port: 'LoyaltyLedger',
      factory: 'loyaltyLedger',
      inputSchema: 'AwardPointsInputSchema',
      functionLogicalId: 'AwardPointsLambdaFunction',
    });
  });

  it('names the Task record<Service> unless told otherwise', () => {
    expect(defaultTaskName('loyalty')).toBe('recordLoyalty');
    expect(serviceNames('gift2go').task).toBe('recordGift2go');
  });
});

describe('argumentProblems', () => {
  it('accepts a new service, with or without --task', () => {
    expect(argumentProblems('loyalty', undefined, TAKEN)).toEqual([]);
    expect(argumentProblems('loyalty', 'awardPoints', TAKEN)).toEqual([]);
    expect(argumentProblems('rewards2', 'grantReward3', TAKEN)).toEqual([]);
  });

  it.each([
    ['Loyalty', /must be lowercase letters and digits, starting with a letter/],
    ['2fa', /must be lowercase letters and digits/],
    ['loy-alty', /must be lowercase letters and digits/],
    ['loy_alty', /must be lowercase letters and digits/],
    ['', /must be lowercase letters and digits/],
    ['shared', /service name shared is reserved/],
    ['workflows', /reserved/],
    ['inventory', /services\/inventory\/ already exists/],
    ['notifications', /what another service reports its order records as/],
    ['payments', /already has a resource PaymentsTable/],
    ['a'.repeat(25), /longer than 24 characters/],
  ])('refuses the service name %j', (name, message) => {
    const problems = argumentProblems(name, undefined, TAKEN);
    expect(problems.join('\n')).toMatch(message);
  });

  it('refuses a service whose table variable a function already reads', () => {
    const taken = { ...TAKEN, environment: [...TAKEN.environment, 'LOYALTY_TABLE'] };
    expect(argumentProblems('loyalty', undefined, taken)).toEqual([
      "a function already reads LOYALTY_TABLE (the new service's table variable)",
    ]);
  });

  it.each([
    ['AwardPoints', /must be camelCase/],
    ['award-points', /must be camelCase/],
    ['award_points', /must be camelCase/],
    ['1award', /must be camelCase/],
    ['delete', /reserved word/],
    ['constructor', /reserved word/],
    ['handler', /a name the generated code already uses/],
    ['loyaltyLedger', /a name the generated code already uses/],
    ['reserveInventory', /a function named reserveInventory already exists/],
    ['reserveinventory', /a function named reserveinventory already exists/],
    ['a'.repeat(41), /longer than 40 characters/],
  ])('refuses --task %j', (task, message) => {
    expect(taskNameProblems(task, 'loyalty', TAKEN).join('\n')).toMatch(message);
    expect(argumentProblems('loyalty', task, TAKEN).join('\n')).toMatch(message);
  });

  it('refuses a Task whose logical ids exist already', () => {
    const taken = { ...TAKEN, resources: [...TAKEN.resources, 'AwardPointsErrorsAlarm'] };
    expect(taskNameProblems('awardPoints', 'loyalty', taken)).toEqual([
      'serverless.yml already has a resource AwardPointsErrorsAlarm',
    ]);
  });

  it('reports every problem at once, and no default Task problem for a bad service name', () => {
    expect(argumentProblems('inventory', 'reserveInventory', TAKEN)).toEqual([
      'services/inventory/ already exists',
      'service name inventory is what another service reports its order records as',
      "serverless.yml already has a resource InventoryTable (the new service's table)",
      "a function already reads INVENTORY_TABLE (the new service's table variable)",
      'a function named reserveInventory already exists',
    ]);
    expect(argumentProblems('Bad', undefined, TAKEN)).toHaveLength(1);
  });
});

describe('takenIn (this project, read from disk)', () => {
  it('finds the services, functions, tables and variables serverless.yml and the declarations have', async () => {
    const taken = await takenIn(resolve(__dirname, '../../..'));
    expect(taken.serviceDirs).toEqual(expect.arrayContaining(['inventory', 'shared', 'notification']));
    expect(taken.reportAs).toContain('notifications');
    expect(taken.functions).toEqual(expect.arrayContaining(['reserveInventory', 'createOrder', 'workflow']));
    expect(taken.resources).toEqual(expect.arrayContaining(['PaymentsTable', 'OpsAlertsTopic']));
    expect(taken.environment).toEqual(expect.arrayContaining(['INVENTORY_TABLE', 'PAYMENTS_TABLE']));
    // A name this project does not use yet (after `npm run new:service -- loyalty`, loyalty is taken).
    const fresh = ['loyalty', 'rewards', 'giftcards', 'returns'].find(
      (name) => !taken.serviceDirs.includes(name) && !taken.reportAs.includes(name),
    );
    expect(fresh).toBeDefined();
    expect(argumentProblems(fresh ?? '', undefined, taken)).toEqual([]);
  });
});
