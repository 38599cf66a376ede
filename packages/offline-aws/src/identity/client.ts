/**
 * Tokens from the issuer of a running `npm start`, for any process on the machine (`npm run token`,
 * the console, scripts): the issuer is found through `.local/endpoints.json`.
 *
 *   const token = await mintToken({ sub: 'cust_1', reviewer: false, expiresInSeconds: 3600 });
 */
import { readEndpointsFile, stateDirectory, endpointsFilePath, isProcessAlive } from '../endpoints/file';
import { parseTokenRequest, TokenRequestError, type TokenRequest } from './tokens';

/** No system is running from the state directory (or it has no issuer, or the issuer does not answer). */
export class NoRunningSystemError extends Error {
  override readonly name = 'NoRunningSystemError';
}

export interface MintOptions {
  /** The state directory holding endpoints.json (default: `.local/`, or LOCAL_STATE_DIR). */
  directory?: string;
  /** The issuer's base URL, when known (skips the endpoints file). */
  issuerUrl?: string;
}

/** The issuer URL of the system running from `directory`; NoRunningSystemError when there is none. */
export function runningIssuerUrl(directory: string = stateDirectory()): string {
  const file = readEndpointsFile(directory);
  const path = endpointsFilePath(directory);
  if (!file) throw new NoRunningSystemError(`No local system is running (no ${path}): start it with \`npm start\`.`);
  if (!isProcessAlive(file.pid)) {
    throw new NoRunningSystemError(
      `The system of ${path} (pid ${file.pid}) is gone: start it again with \`npm start\`.`,
    );
  }
  const issuer = file.endpoints.issuer;
  if (!issuer)
    throw new NoRunningSystemError(
      `The running system (pid ${file.pid}) serves no issuer: restart it with \`npm start\`.`,
    );
  return issuer;
}

/**
 * A JWT signed by the running system's issuer: `{ sub, reviewer?, expiresInSeconds? }` → the token
 * (a string). TokenRequestError for a bad request (nothing is asked of the issuer),
 * NoRunningSystemError when no system runs or its issuer does not answer.
 */
export async function mintToken(request: TokenRequest, options: MintOptions = {}): Promise<string> {
  const body = parseTokenRequest(request);
  const issuer = options.issuerUrl ?? runningIssuerUrl(options.directory);
  let response: Response;
  try {
    response = await fetch(`${issuer}/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new NoRunningSystemError(
      `The local issuer (${issuer}) does not answer (${(error as Error).message}): is \`npm start\` still running?`,
    );
  }
  const answer = (await response.json()) as { access_token?: unknown; error_description?: unknown };
  if (response.status === 400) throw new TokenRequestError(String(answer.error_description));
  if (!response.ok || typeof answer.access_token !== 'string') {
    throw new Error(`The local issuer (${issuer}) answered ${response.status}: ${JSON.stringify(answer)}`);
  }
  return answer.access_token;
}
