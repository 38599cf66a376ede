/**
 * runCli: how a CLI's main() becomes an exit code (0 for --help, with the usage on stdout; 2 for a
 * UsageError; 1 for anything else, with the message alone for a failure the message explains).
 */
import { EndpointsFileError } from 'offline-aws/endpoints/file';
import { CommandError, HelpRequested, parseCliArgs, runCli, UsageError } from '../../../tools/cli/options';
import { ScenarioFileError } from '../../../tools/offline/scenario-file';

let exit: jest.SpiedFunction<typeof process.exit>;
let stderr: jest.SpiedFunction<typeof process.stderr.write>;
let stdout: jest.SpiedFunction<typeof process.stdout.write>;
beforeEach(() => {
  exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => jest.restoreAllMocks());

/** Lets the promise chain runCli starts settle. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

it('exits with the code main() returns', async () => {
  runCli(async () => 0);
  await settled();
  expect(exit).toHaveBeenCalledWith(0);
  expect(stderr).not.toHaveBeenCalled();
});

it('prints a UsageError as its message alone and exits 2', async () => {
  runCli(async () => {
    throw new UsageError('Unknown option --bogus\nusage: …');
  });
  await settled();
  expect(stderr).toHaveBeenCalledWith('Unknown option --bogus\nusage: …\n');
  expect(exit).toHaveBeenCalledWith(2);
});

it('prints any other error with its stack and exits 1', async () => {
  runCli(async () => {
    throw new TypeError('boom');
  });
  await settled();
  expect(String(stderr.mock.calls[0]?.[0])).toMatch(/^TypeError: boom\n\s+at /);
  expect(exit).toHaveBeenCalledWith(1);
});

it('answers --help with the usage on stdout and exit code 0, nothing on stderr', async () => {
  runCli(async () => {
    parseCliArgs(['--help'], 'usage: npm run x', { options: {} });
    return 3;
  });
  await settled();
  expect(stdout).toHaveBeenCalledWith('usage: npm run x\n');
  expect(stderr).not.toHaveBeenCalled();
  expect(exit).toHaveBeenCalledWith(0);
  expect(exit).toHaveBeenCalledTimes(1);
});

it('keeps a bad argument next to --help a usage error: stderr, exit 2', async () => {
  runCli(async () => {
    parseCliArgs(['--bogus', '--help'], 'usage: npm run x', { options: {} });
    return 0;
  });
  await settled();
  expect(stderr).toHaveBeenCalledWith("Unknown option '--bogus'\nusage: npm run x\n");
  expect(stdout).not.toHaveBeenCalled();
  expect(exit).toHaveBeenCalledWith(2);
});

it.each([
  ['a scenario file that cannot be read', new ScenarioFileError('Scenario x.json: no such file'), 2],
  ['a HelpRequested caught as a UsageError stays help', new HelpRequested('usage: y'), 0],
  ['a CommandError', new CommandError('No queue q in eu-west-1: is the stage dev deployed there?'), 1],
  ['an unreadable endpoints file', new EndpointsFileError('endpoints file: not valid JSON (/x/endpoints.json)'), 1],
])('%s: its message alone (no stack), exit %i', async (_what, error, code) => {
  runCli(async () => {
    throw error;
  });
  await settled();
  const written = String((code === 0 ? stdout : stderr).mock.calls[0]?.[0]);
  expect(written).toBe(`${error.message}\n`);
  expect(written).not.toMatch(/\n\s+at /);
  expect(exit).toHaveBeenCalledWith(code);
});

it('HelpRequested is a UsageError (scripts outside runCli still refuse to run with --help)', () => {
  expect(new HelpRequested('usage')).toBeInstanceOf(UsageError);
});
