/** The CLIs' argument parsing (node:util parseArgs, strict), without spawning them. */
import {
  BENCH_USAGE,
  COST_USAGE,
  DEFAULT_REVIEW_TIMEOUT_SECONDS,
  CommandError,
  failureText,
  HelpRequested,
  numberOption,
  parseBenchArgs,
  parseCliArgs,
  parseCostArgs,
  parseRedriveArgs,
  parseWorkflowArgs,
  REDRIVE_USAGE,
  refuseBlockedPort,
  regionOption,
  stageOption,
  STAGE_PATTERN,
  UsageError,
} from '../../../tools/cli/options';
import { readScenario, ScenarioFileError } from '../../../tools/offline/scenario-file';
import { EndpointsFileError } from 'offline-aws/endpoints/file';
import { usageError } from './usage-error';

const USAGE = 'usage: test';

describe('parseCliArgs', () => {
  const config = { options: { json: { type: 'boolean' }, stage: { type: 'string' } } } as const;

  it('parses declared flags and values, in both --name value and --name=value forms', () => {
    expect(parseCliArgs(['--json', '--stage', 'dev'], USAGE, config).values).toEqual({ json: true, stage: 'dev' });
    expect(parseCliArgs(['--stage=prod'], USAGE, config).values).toEqual({ stage: 'prod' });
  });

  it.each([
    [['--bogus'], /^Unknown option '--bogus'\nusage: test$/],
    [['-x'], /^Unknown option '-x'\n/],
    [['--stage'], /^Option '--stage <value>' argument missing\n/],
    [['--stage', '--json'], /^Option '--stage' argument is ambiguous\./],
    [['--json=yes'], /^Option '--json' does not take an argument\n/],
    [['extra'], /^Unexpected argument 'extra'\. This command does not take positional arguments\n/],
  ])('refuses %j with a UsageError that names the argument and gives the usage', (argv, message) => {
    const error = usageError(() => parseCliArgs(argv, USAGE, config));
    expect(error.message).toMatch(message);
    expect(error.message.endsWith(`\n${USAGE}`)).toBe(true);
  });

  it('takes a negative number after a value option as its value (for its own range check), in either form', () => {
    expect(parseCliArgs(['--stage', '-1'], USAGE, config).values).toEqual({ stage: '-1' });
    expect(parseCliArgs(['--stage', '-0.5', '--json'], USAGE, config).values).toEqual({ stage: '-0.5', json: true });
    expect(parseCliArgs(['--stage=-1'], USAGE, config).values).toEqual({ stage: '-1' });
    // A flag takes no value, and after `--` everything is a positional.
    expect(usageError(() => parseCliArgs(['--json', '-1'], USAGE, config)).message).toMatch(/^Unknown option '-1'/);
    const withFiles = { ...config, allowPositionals: true } as const;
    expect(parseCliArgs(['--', '--stage', '-1'], USAGE, withFiles).positionals).toEqual(['--stage', '-1']);
  });

  it('answers --help and -h with a HelpRequested carrying the usage alone (runCli: stdout, exit 0)', () => {
    for (const argv of [['--help'], ['--json', '-h'], ['--stage', 'dev', '--help']]) {
      const error = usageError(() => parseCliArgs(argv, USAGE, config));
      expect(error).toBeInstanceOf(HelpRequested);
      expect(error.message).toBe(USAGE);
    }
  });

  it('refuses a bad argument given with --help as a bad argument (exit 2), not as a help request', () => {
    const error = usageError(() => parseCliArgs(['--bogus', '--help'], USAGE, config));
    expect(error).not.toBeInstanceOf(HelpRequested);
    expect(error.message).toBe(`Unknown option '--bogus'\n${USAGE}`);
  });

  it('keeps positionals only where the CLI allows them, and takes everything after -- as one', () => {
    const withFiles = { ...config, allowPositionals: true } as const;
    expect(parseCliArgs(['a.json', '--json', 'b.json'], USAGE, withFiles).positionals).toEqual(['a.json', 'b.json']);
    expect(parseCliArgs(['--', '--odd-name.json'], USAGE, withFiles).positionals).toEqual(['--odd-name.json']);
    // Without the hint parseArgs adds about quoting after `--`: the typo is the likelier cause.
    expect(usageError(() => parseCliArgs(['--jsn'], USAGE, withFiles)).message).toBe(
      `Unknown option '--jsn'\n${USAGE}`,
    );
  });
});

describe('numberOption', () => {
  const whole = { min: 1, max: 10, integer: true, expected: 'a whole number from 1 to 10' };
  const seconds = { min: 0, max: 60, aboveMin: true, expected: 'seconds' };

  it('reads plain decimal numbers within the range', () => {
    expect(numberOption('runs', '1', whole, USAGE)).toBe(1);
    expect(numberOption('runs', '10', whole, USAGE)).toBe(10);
    expect(numberOption('wait', '0.5', seconds, USAGE)).toBe(0.5);
    expect(numberOption('wait', '60', seconds, USAGE)).toBe(60);
  });

  it.each([
    ['runs', '0', whole],
    ['runs', '11', whole],
    ['runs', '2.5', whole],
    ['runs', '', whole],
    ['runs', ' 5', whole],
    ['runs', '0x5', whole],
    ['runs', '1e1', whole],
    ['runs', 'five', whole],
    ['wait', '0', seconds],
    ['wait', '60.5', seconds],
    ['wait', '-1', seconds],
    ['wait', 'Infinity', seconds],
  ] as const)('refuses --%s %j with a message naming the option and what it needs', (name, value, rule) => {
    expect(usageError(() => numberOption(name, value, rule, USAGE)).message).toBe(
      `--${name} needs ${rule.expected} (got ${JSON.stringify(value)})\n${USAGE}`,
    );
  });
});

describe('parseWorkflowArgs', () => {
  it('defaults to a readable trace, the default review timeout and no faults', () => {
    expect(parseWorkflowArgs(['s.json'], USAGE)).toEqual({
      files: ['s.json'],
      json: false,
      reviewTimeoutSeconds: DEFAULT_REVIEW_TIMEOUT_SECONDS,
      fail: [],
      redrive: false,
    });
  });

  it('takes every documented option, --fail repeatable and in order', () => {
    expect(
      parseWorkflowArgs(
        ['s.json', '--json', '--review-timeout', '1.5', '--fail', 'a:transient', '--fail=b:permanent:1', '--redrive'],
        USAGE,
      ),
    ).toEqual({
      files: ['s.json'],
      json: true,
      reviewTimeoutSeconds: 1.5,
      fail: ['a:transient', 'b:permanent:1'],
      redrive: true,
    });
  });

  it.each([
    [
      ['s.json', '--review-timeout', '0'],
      /^--review-timeout needs a number of seconds above 0, at most 86400 \(got "0"\)/,
    ],
    [['s.json', '--review-timeout', '86401'], /^--review-timeout needs a number of seconds/],
    [['s.json', '--review-timeout', 'soon'], /^--review-timeout needs a number of seconds/],
    [['s.json', '--review-timeout'], /^Option '--review-timeout <value>' argument missing/],
    [['s.json', '--fail'], /^Option '--fail <value>' argument missing/],
    [['s.json', '--fail', '--json'], /^Option '--fail' argument is ambiguous/],
    [['s.json', '--bogus'], /^Unknown option '--bogus'/],
  ])('refuses %j', (argv, message) => {
    expect(usageError(() => parseWorkflowArgs(argv, USAGE)).message).toMatch(message);
  });

  it('has no --fail or --redrive without faults (npm start runs the scenarios as written)', () => {
    expect(parseWorkflowArgs(['a.json', 'b.json', '--json'], USAGE, { faults: false })).toMatchObject({
      files: ['a.json', 'b.json'],
      json: true,
      fail: [],
      redrive: false,
    });
    expect(usageError(() => parseWorkflowArgs(['--fail', 'a:transient'], USAGE, { faults: false })).message).toMatch(
      /^Unknown option '--fail'/,
    );
    expect(usageError(() => parseWorkflowArgs(['--redrive'], USAGE, { faults: false })).message).toMatch(
      /^Unknown option '--redrive'/,
    );
  });
});

describe('parseRedriveArgs', () => {
  it('needs --stage; --region and --json are optional', () => {
    expect(parseRedriveArgs(['--stage', 'prod'])).toEqual({ stage: 'prod', region: undefined, json: false });
    expect(parseRedriveArgs(['--json', '--region', 'eu-central-1', '--stage', 'dev'])).toEqual({
      stage: 'dev',
      region: 'eu-central-1',
      json: true,
    });
  });

  it.each([
    [[], /^--stage is required \(the stage you deployed\)/],
    [['--stage='], /^--stage is required/],
    [['--stage', 'dev', '--region='], /^--region needs an AWS region name such as eu-central-1 \(got ""\)/],
    [['--stage', 'dev', '--region', 'no where'], /^--region needs an AWS region name .*\(got "no where"\)/],
    [['--stage', 'dev', '--region', 'EU-CENTRAL-1'], /^--region needs an AWS region name/],
    [['--stage', 'bad stage!'], /^--stage needs a stage name of letters, digits and dashes.*\(got "bad stage!"\)/],
    [['--stage', 'dev/../prod'], /^--stage needs a stage name/],
    [['--stage'], /^Option '--stage <value>' argument missing/],
    [['--stage', 'dev', 'extra'], /^Unexpected argument 'extra'/],
    [['--stage', 'dev', '--profile', 'x'], /^Unknown option '--profile'/],
  ])('refuses %j', (argv, message) => {
    const error = usageError(() => parseRedriveArgs(argv));
    expect(error.message).toMatch(message);
    expect(error.message.endsWith(REDRIVE_USAGE)).toBe(true);
  });
});

describe('stageOption and regionOption (--stage, --region)', () => {
  it("takes the stage names the Serverless Framework takes (osls's stage pattern)", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- osls ships this module as untyped CommonJS
    const osls = require('osls/lib/utils/stage-pattern.js') as string;
    expect(STAGE_PATTERN.source).toBe(osls);
    for (const stage of ['dev', 'prod', 'pr-123', 'Feature-X']) expect(stageOption(stage, USAGE)).toBe(stage);
    for (const stage of ['', 'a b', 'dev!', 'dev_1', 'x.y'])
      expect(usageError(() => stageOption(stage, USAGE)).message).toMatch(/^--stage needs .*\nusage: test$/);
  });

  it('takes region codes of every partition, and refuses anything else', () => {
    for (const region of [
      'eu-central-1',
      'us-east-1',
      'ap-southeast-4',
      'us-gov-west-1',
      'cn-northwest-1',
      'eusc-de-east-1',
    ])
      expect(regionOption(region, USAGE)).toBe(region);
    for (const region of ['', 'no where', 'eu-central', 'eu_central_1', 'EU-CENTRAL-1', 'eu-central-1 ', 'http://x'])
      expect(usageError(() => regionOption(region, USAGE)).message).toMatch(/^--region needs .*\nusage: test$/);
  });
});

describe('parseCostArgs', () => {
  it('takes --json only', () => {
    expect(parseCostArgs([])).toEqual({ json: false });
    expect(parseCostArgs(['--json'])).toEqual({ json: true });
    expect(usageError(() => parseCostArgs(['--csv'])).message).toBe(`Unknown option '--csv'\n${COST_USAGE}`);
    expect(usageError(() => parseCostArgs(['scenario.json'])).message).toMatch(/^Unexpected argument/);
  });
});

describe('parseBenchArgs', () => {
  it('defaults to 300 orders at concurrency 16 and 5 init runs', () => {
    expect(parseBenchArgs([])).toEqual({ json: false, orders: 300, concurrency: 16, runs: 5 });
    expect(parseBenchArgs(['--json', '--orders', '50', '--concurrency=4', '--runs', '1'])).toEqual({
      json: true,
      orders: 50,
      concurrency: 4,
      runs: 1,
    });
  });

  it.each([
    [['--orders', '0'], /^--orders needs a whole number from 1 to 100000 \(got "0"\)/],
    [['--concurrency', '100001'], /^--concurrency needs a whole number from 1 to 100000/],
    [['--runs', '2.5'], /^--runs needs a whole number/],
    [['--runs'], /^Option '--runs <value>' argument missing/],
    [['--warmup', '3'], /^Unknown option '--warmup'/],
  ])('refuses %j', (argv, message) => {
    const error = usageError(() => parseBenchArgs(argv));
    expect(error.message).toMatch(message);
    expect(error.message.endsWith(BENCH_USAGE)).toBe(true);
  });
});

describe('what a failed command says', () => {
  it('no AWS credentials: one line of what happened and one of what to do, no stack', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers\n    at x (y.js:1:1)'), {
      name: 'CredentialsProviderError',
    });
    const text = failureText(error);
    expect(text).toMatch(/^No AWS credentials: Could not load credentials from any providers\n/);
    expect(text).toMatch(/set AWS_PROFILE/);
    expect(text).not.toMatch(/at x/);
  });

  it('a usage error its message; anything else its stack', () => {
    expect(failureText(new UsageError('usage: x'))).toBe('usage: x');
    expect(failureText(new Error('boom'))).toMatch(/^Error: boom\n\s+at /);
  });

  it('an explained failure (CommandError) and an unreadable endpoints file: the message alone', () => {
    expect(failureText(new CommandError('No queue q in eu-west-1'))).toBe('No queue q in eu-west-1');
    expect(failureText(new EndpointsFileError('endpoints file: not valid JSON (/x/endpoints.json)'))).toBe(
      'endpoints file: not valid JSON (/x/endpoints.json)',
    );
  });

  it.each([
    [
      'a missing scenario file',
      'events/workflow/no-such.json',
      /^Scenario events\/workflow\/no-such\.json: no such file$/,
    ],
    ['a file that is not JSON', 'README.md', /^Scenario README\.md: Unexpected token/],
    ['a directory', 'events/workflow', /^Scenario events\/workflow: is a directory, not a scenario file/],
    ['a JSON file that is not a scenario', 'package.json', /^Scenario package\.json is not valid: /],
  ])('%s: its name and what is wrong, as a usage error (exit 2), no stack', (_what, file, message) => {
    let error: unknown;
    try {
      readScenario(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioFileError);
    expect(failureText(error)).toMatch(message);
  });
});

describe('refuseBlockedPort (npm start --api-port/--console-port)', () => {
  it.each([22, 6000, 6667])(
    'refuses %i, which fetch and browsers will not connect to, naming the option',
    async (port) => {
      await expect(refuseBlockedPort('console-port', port, 'usage: x')).rejects.toThrow(
        new UsageError(
          `--console-port ${port}: browsers and fetch refuse to connect to that port (the Fetch standard's port blocking); choose another\nusage: x`,
        ),
      );
    },
  );

  it.each([0, 39_999, 8080])('accepts %i (0: any free port)', async (port) => {
    await expect(refuseBlockedPort('api-port', port, 'usage: x')).resolves.toBeUndefined();
  });
});
