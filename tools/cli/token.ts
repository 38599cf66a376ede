/**
 * `npm run token -- --sub <id> [--reviewer] [--expires-in <seconds>]`: prints one line, a JWT
 * signed by the local issuer of the running `npm start` (found through `.local/endpoints.json`),
 * which the local HTTP API accepts as API Gateway's JWT authorizer accepts a real access token.
 * `--reviewer` adds the reviewer role (scope `orders/review`, group `reviewers`); the token lives
 * `--expires-in` seconds (default 3600, at most 86400).
 *
 *   TOKEN=$(npm run --silent token -- --sub cust_1)
 *
 * Exit codes: 0 with the token on stdout; 1 when no system runs (or its issuer does not answer, or
 * `.local/endpoints.json` cannot be read: a message, no stack); 2 for bad arguments.
 */
import { EndpointsFileError, endpointsFilePath, stateDirectory } from 'offline-aws/endpoints/file';
import { mintToken, NoRunningSystemError } from 'offline-aws/identity/client';
import { MAX_EXPIRES_IN_SECONDS, parseTokenRequest, TokenRequestError } from 'offline-aws/identity/tokens';
import { numberOption, parseCliArgs, runCli, UsageError } from './options';
import { printResult, progress } from './output';

const USAGE = 'usage: npm run token -- --sub <id> [--reviewer] [--expires-in <seconds>]';

function parseTokenArgs(argv: string[]): { sub: string; reviewer: boolean; expiresInSeconds?: number } {
  const { values } = parseCliArgs(argv, USAGE, {
    options: { sub: { type: 'string' }, reviewer: { type: 'boolean' }, 'expires-in': { type: 'string' } },
  });
  if (values.sub === undefined) throw new UsageError(`--sub is required (the token's subject, e.g. cust_1)\n${USAGE}`);
  const expires = values['expires-in'];
  const request = {
    sub: values.sub,
    reviewer: values.reviewer ?? false,
    ...(expires === undefined
      ? {}
      : {
          expiresInSeconds: numberOption(
            'expires-in',
            expires,
            {
              min: 1,
              max: MAX_EXPIRES_IN_SECONDS,
              integer: true,
              expected: `a whole number of seconds from 1 to ${MAX_EXPIRES_IN_SECONDS}`,
            },
            USAGE,
          ),
        }),
  };
  try {
    parseTokenRequest(request);
  } catch (error) {
    if (error instanceof TokenRequestError) throw new UsageError(`${error.message}\n${USAGE}`);
    throw error;
  }
  return request;
}

/**
 * The command: prints the token and answers 0, or answers 1 when no system runs, or none can be found
 * because the endpoints file is not one (a file `npm start` did not write, or cut short: `npm start`
 * replaces it).
 * @throws UsageError for bad arguments (exit code 2 through runCli)
 */
export async function main(argv: string[]): Promise<number> {
  const request = parseTokenArgs(argv);
  try {
    printResult(await mintToken(request));
    return 0;
  } catch (error) {
    if (error instanceof NoRunningSystemError) {
      progress(error.message);
      return 1;
    }
    if (error instanceof EndpointsFileError) {
      const path = endpointsFilePath(stateDirectory());
      const what = error.message.includes(path) ? error.message : `${error.message} (${path})`;
      progress(
        `${what}: no running system can be found through it; start one with \`npm start\` (it replaces the file).`,
      );
      return 1;
    }
    // The issuer refused the request (its rules are the ones checked above): bad arguments too.
    if (error instanceof TokenRequestError) throw new UsageError(`${error.message}\n${USAGE}`);
    throw error;
  }
}

// Run only as a script (npm run token), not when a test imports main().
if (/token\.ts$/.test(process.argv[1] ?? '')) runCli(() => main(process.argv.slice(2)));
