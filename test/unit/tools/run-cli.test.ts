/** runCli: how a CLI's main() becomes an exit code (2 for a UsageError, 1 for anything else). */
import { runCli, UsageError } from '../../../tools/cli/options';

let exit: jest.SpiedFunction<typeof process.exit>;
let stderr: jest.SpiedFunction<typeof process.stderr.write>;
beforeEach(() => {
  exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
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
