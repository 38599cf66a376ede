import { readdirSync } from 'node:fs';
import { URL } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * Architecture boundaries (docs/fork.md#boundaries), enforced with the built-in
 * no-restricted-imports. Its patterns match the import specifier as written, not the resolved
 * file, so relative paths are matched with any number of `../`: a pattern can name a path that
 * does not exist (services/orders/domain importing `../inventory`), never miss one that does.
 * A file gets exactly one boundaries block (a later block would replace the rule's options, not
 * add to them), so each block lists everything its files may not import.
 */

// Read from disk so that a fork's new service gets the same boundaries without editing this file.
const SERVICES = readdirSync(new URL('./services/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
  .map((entry) => entry.name);

const UP = String.raw`^(\.\./)+`;
const RELATIVE = String.raw`^\.{1,2}/(.*/)?`;

const OUTSIDE_SERVICES = {
  regex: String.raw`(${UP}(packages|tools|test)(/|$)|^offline-aws(/|$))`,
  message:
    'Deployed code never imports the offline runtime (packages/offline-aws), the developer tools (tools/) or the tests (test/): they are not in the bundle.',
};

/** Another service's code, by a relative path or through `services/`. */
const otherServices = (own) => {
  const others = SERVICES.filter((name) => name !== own).join('|');
  return {
    regex: String.raw`(${UP}|(^|/)services/)(${others})(/|$)`,
    message:
      'Services share no code: they talk through the state machine and SNS events. Shared code goes in services/shared/.',
  };
};

const ADAPTERS = {
  regex: String.raw`${RELATIVE}adapters(/|$)`,
  message: 'Only handlers import adapters: they wire the adapters into the domain through its ports.',
};

const HANDLERS = {
  regex: String.raw`${RELATIVE}handlers(/|$)`,
  message: 'Handlers are entry points: nothing in services/ imports them.',
};

// Type-only imports of `aws-lambda` are refused too: an event shape the domain needs is a zod
// schema of the service (schemas.ts), parsed by the handler, so the domain never sees Lambda.
const AWS_RUNTIME = {
  regex: String.raw`^(@aws-sdk/|@aws-lambda-powertools/|@middy/|aws-sdk(/|$)|aws-lambda$|aws-xray-sdk)`,
  message:
    'Domain code is pure: no AWS SDK, Lambda, Powertools or middy. Declare a port in the domain and implement it in an adapter.',
};

// The shared modules that are AWS-bound (SDK clients, Powertools, middy), and the service's own
// Powertools logger; test/unit/lint-boundaries.test.ts fails when this list and the shared
// modules that import an AWS runtime package differ. The pure ones (errors, schemas,
// workflow-errors, clock, env) stay open to the domain.
const SHARED_AWS_BOUND = [
  'dynamodb',
  'http-middlewares',
  'lambda-invoke',
  'logger',
  'metrics',
  'middleware',
  'sns-order-events',
  'tracer',
];
const AWS_BOUND_MODULES = {
  regex: String.raw`(${UP}(shared/(${SHARED_AWS_BOUND.join('|')})|logger)|^#shared/(${SHARED_AWS_BOUND.join('|')}))(\.[cm]?[jt]s)?$`,
  message:
    'Domain code is pure: this module is AWS-bound (an SDK client, Powertools or middy). Return an outcome and let the handler log, trace or count it.',
};

// The handlers' adapter factories (services/<name>/adapters/index.ts) and the shared DynamoDB client
// are built once per process from its environment, as in one Lambda execution environment. The
// offline runtime and the integration tests may run several stacks in one process (one after
// another or at once): they build an adapter class with their stack's client and table instead.
const PROCESS_ADAPTERS = {
  regex: String.raw`(^|/)services/[^/]+/adapters(/index(\.[cm]?[jt]s)?)?$`,
  message:
    "These adapters are the handlers' own, built once per process from its environment. Outside a function, build the adapter class with your stack's documentClient and tableName().",
};

// The offline runtime (packages/<name>/) runs any osls + serverless-step-functions project: it
// imports nothing of this one. What it needs to know of the project comes through the project's
// offline.config.ts, which the runtime loads by path (packages/offline-aws/src/app-loader.ts).
const THE_APP = {
  regex: String.raw`${UP}(services|tools|test|ops|workflows|events)(/|$)|(^|/)offline\.config(\.[cm]?[jt]s)?$`,
  message:
    'The offline runtime package imports nothing of the project it runs: hand it what it needs through the project’s offline.config.ts (packages/offline-aws/README.md, the extension point).',
};

// The app reaches the runtime by its package name, as a fork that installs it would.
const RUNTIME_BY_PATH = {
  regex: String.raw`${UP}packages(/|$)`,
  message: "Import the offline runtime by its package name ('offline-aws/<module>'), not by a path into packages/.",
};

const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

const boundaries = [
  restrict(['services/shared/**/*.ts'], [OUTSIDE_SERVICES, otherServices('shared')]),
  restrict(['packages/*/src/**/*.ts', 'packages/*/test/**/*.ts'], [THE_APP]),
  restrict(
    ['tools/**/*.ts', 'ops/**/*.ts', 'test/integration/**/*.ts', 'test/support/**/*.ts'],
    [PROCESS_ADAPTERS, RUNTIME_BY_PATH],
  ),
  restrict(['test/unit/**/*.ts', '*.ts'], [RUNTIME_BY_PATH]),
  ...SERVICES.flatMap((service) => {
    const dir = `services/${service}`;
    const base = [OUTSIDE_SERVICES, otherServices(service)];
    return [
      restrict([`${dir}/domain/**/*.ts`], [...base, ADAPTERS, HANDLERS, AWS_RUNTIME, AWS_BOUND_MODULES]),
      restrict([`${dir}/handlers/**/*.ts`], base),
      restrict([`${dir}/adapters/**/*.ts`], [...base, HANDLERS]),
      // schemas.ts, logger.ts, config.ts, http.ts, …: the service's own modules beside the layers.
      restrict([`${dir}/*.ts`], [...base, ADAPTERS, HANDLERS]),
    ];
  }),
];

export default tseslint.config(
  { ignores: ['**/node_modules/', 'coverage/', '**/.serverless/', '**/.esbuild/', '**/.local/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...boundaries,
);
