/**
 * `npm run new:service`: the names a new service is made of, and the checks its arguments must
 * pass before anything is written. Pure: what already exists comes in as `Taken`, read from disk by
 * the CLI (tools/cli/new-service.ts).
 */

/** Every name the generated files use, derived from the service name and its Task function. */
export interface ServiceNames {
  /** Folder under services/ and the logger's service name: `loyalty`. */
  service: string;
  /** `Loyalty`: the prefix of the service's types, classes and its table's logical id. */
  pascal: string;
  /** The Task function (its key in serverless.yml, its handler file, its events/ folder): `awardPoints`. */
  task: string;
  /** `AwardPoints`: the prefix of its input schema and of its CloudFormation logical ids. */
  taskPascal: string;
  /** CloudFormation logical id of the service's table: `LoyaltyTable`. */
  table: string;
  /** The environment variable holding the table's name: `LOYALTY_TABLE`. */
  tableEnv: string;
  /** The port (an interface in the domain) and its factory in adapters/: `LoyaltyLedger`, `loyaltyLedger`. */
  port: string;
  factory: string;
  /** The DynamoDB adapter class and the in-memory fake of the tests. */
  adapterClass: string;
  fakeClass: string;
  /** The record the service keeps per order, its schema and its statuses. */
  record: string;
  recordSchema: string;
  /** The Task input schema and type: `AwardPointsInputSchema`, `AwardPointsInput`. */
  inputSchema: string;
  inputType: string;
  /** The largest `amount` the Task accepts: `LOYALTY_MAX_AMOUNT`. */
  maxAmount: string;
  /** The pure rule that builds the record from the input. */
  ruleFn: string;
  /** Key prefix of the record's partition key (`RECORD#<orderId>`). */
  keyPrefix: string;
  /** Lambda function's logical id (`AwardPointsLambdaFunction`), as the framework names it. */
  functionLogicalId: string;
}

const pascalCase = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** The Task function a service gets when `--task` is not given: `record<Service>`. */
export const defaultTaskName = (service: string): string => `record${pascalCase(service)}`;

/** Names of the service `service` with Task function `task` (both already valid). */
export function serviceNames(service: string, task: string = defaultTaskName(service)): ServiceNames {
  const pascal = pascalCase(service);
  const taskPascal = pascalCase(task);
  return {
    service,
    pascal,
    task,
    taskPascal,
    table: `${pascal}Table`,
    tableEnv: `${service.toUpperCase()}_TABLE`,
    port: `${pascal}Ledger`,
    factory: `${service}Ledger`,
    adapterClass: `DynamoDb${pascal}Ledger`,
    fakeClass: `Fake${pascal}Ledger`,
    record: `${pascal}Record`,
    recordSchema: `${pascal}RecordSchema`,
    inputSchema: `${taskPascal}InputSchema`,
    inputType: `${taskPascal}Input`,
    maxAmount: `${service.toUpperCase()}_MAX_AMOUNT`,
    ruleFn: `${service}RecordFor`,
    keyPrefix: 'RECORD#',
    functionLogicalId: `${taskPascal}LambdaFunction`,
  };
}

/** What the project already has, which a new service must not reuse. */
export interface Taken {
  /** Folders under services/ (shared included). */
  serviceDirs: readonly string[];
  /** What the declarations report their order records as (`notifications`, …). */
  reportAs: readonly string[];
  /** Function names of serverless.yml, and folders under events/. */
  functions: readonly string[];
  /** Logical ids of every resource of serverless.yml. */
  resources: readonly string[];
  /** Environment variable names of every function. */
  environment: readonly string[];
}

/** Folder names that are not services, or would read as something else. */
export const RESERVED_SERVICE_NAMES: ReadonlySet<string> = new Set([
  'shared',
  'common',
  'core',
  'local',
  'tools',
  'test',
  'tests',
  'ops',
  'events',
  'workflow',
  'workflows',
  'docs',
  'node_modules',
]);

/** Words a Task function name cannot be: JavaScript keywords and object built-ins. */
const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set([
  ...['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do'],
  ...['else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in'],
  ...['instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof'],
  ...['var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package'],
  ...['private', 'protected', 'public', 'await', 'async', 'arguments', 'eval', 'undefined'],
  ...['constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'],
  ...['propertyIsEnumerable', 'toLocaleString'],
]);

/** Identifiers the generated handler and domain already use: the Task's domain function takes its name. */
const generatedIdentifiers = (names: ServiceNames): string[] => [
  'handler',
  'logger',
  'nowIso',
  'taskHandler',
  'input',
  'ledger',
  'record',
  'outcome',
  'now',
  'recordKey',
  'declaration',
  'orderRecordPartitionKey',
  names.factory,
  names.ruleFn,
];

export const MAX_SERVICE_NAME_LENGTH = 24;
/** `order-processing-<stage>-<task>` is the Lambda function's name, and Lambda allows 64 characters. */
export const MAX_TASK_NAME_LENGTH = 40;

const SERVICE_PATTERN = /^[a-z][a-z0-9]*$/;
const TASK_PATTERN = /^[a-z][a-zA-Z0-9]*$/;

const lower = (names: readonly string[]) => new Set(names.map((name) => name.toLowerCase()));

/** Every problem with the service name (empty when it may be used). */
export function serviceNameProblems(service: string, taken: Taken): string[] {
  if (!SERVICE_PATTERN.test(service)) {
    return [
      `service name ${JSON.stringify(service)} must be lowercase letters and digits, starting with a letter (e.g. loyalty)`,
    ];
  }
  const problems: string[] = [];
  if (service.length > MAX_SERVICE_NAME_LENGTH) {
    problems.push(`service name ${service} is longer than ${MAX_SERVICE_NAME_LENGTH} characters`);
  }
  if (RESERVED_SERVICE_NAMES.has(service)) problems.push(`service name ${service} is reserved`);
  if (lower(taken.serviceDirs).has(service)) problems.push(`services/${service}/ already exists`);
  if (taken.reportAs.includes(service)) {
    problems.push(`service name ${service} is what another service reports its order records as`);
  }
  const names = serviceNames(service);
  if (taken.resources.includes(names.table)) {
    problems.push(`serverless.yml already has a resource ${names.table} (the new service's table)`);
  }
  if (taken.environment.includes(names.tableEnv)) {
    problems.push(`a function already reads ${names.tableEnv} (the new service's table variable)`);
  }
  return problems;
}

/** Every problem with the Task function name (empty when it may be used). */
export function taskNameProblems(task: string, service: string, taken: Taken): string[] {
  if (!TASK_PATTERN.test(task)) {
    return [
      `--task ${JSON.stringify(task)} must be camelCase: a lowercase letter, then letters and digits (e.g. awardPoints)`,
    ];
  }
  const problems: string[] = [];
  if (task.length > MAX_TASK_NAME_LENGTH) {
    problems.push(`--task ${task} is longer than ${MAX_TASK_NAME_LENGTH} characters`);
  }
  if (RESERVED_IDENTIFIERS.has(task)) problems.push(`--task ${task} is a reserved word`);
  if (SERVICE_PATTERN.test(service) && generatedIdentifiers(serviceNames(service, task)).includes(task)) {
    problems.push(`--task ${task} is a name the generated code already uses`);
  }
  // Folder and file names differ only by case on some file systems (events/<task>/, handlers/<task>.ts).
  if (lower(taken.functions).has(task.toLowerCase())) problems.push(`a function named ${task} already exists`);
  const names = serviceNames(service, task);
  const ids = [names.functionLogicalId, `${names.taskPascal}ErrorsAlarm`, `${names.taskPascal}ThrottlesAlarm`];
  for (const id of ids.filter((id) => taken.resources.includes(id))) {
    problems.push(`serverless.yml already has a resource ${id}`);
  }
  return problems;
}

/** Every problem with the arguments, the service name's first. */
export function argumentProblems(service: string, task: string | undefined, taken: Taken): string[] {
  const serviceProblems = serviceNameProblems(service, taken);
  // The default task name is only checked when the service name is valid (it is derived from it).
  if (task === undefined && serviceProblems.length > 0) return serviceProblems;
  return [...serviceProblems, ...taskNameProblems(task ?? defaultTaskName(service), service, taken)];
}
