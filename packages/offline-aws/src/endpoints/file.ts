/**
 * `.local/endpoints.json`: where a running `npm start` serves each AWS API, for any SDK, CLI or
 * tool on the machine. Written only once every endpoint answers, removed when the system stops.
 *
 * Shape (one flat object, so `jq -r .stepfunctions .local/endpoints.json` works):
 *
 *   { "pid": 12345,                                  // the `npm start` process serving them
 *     "stepfunctions": "http://127.0.0.1:40123",     // one key per endpoint, a base URL on 127.0.0.1
 *     "dynamodb": "http://127.0.0.1:40125", "sns": "http://127.0.0.1:40127", "sqs": "…",
 *     "s3": "…",                                      // path-style: an S3 client needs forcePathStyle
 *     "logs": "http://127.0.0.1:40129",              // CloudWatch Logs (src/logs-api/)
 *     "api": "http://127.0.0.1:40131",              // the HTTP API (src/http-api/)
 *     "issuer": "http://127.0.0.1:40133" }          // its OpenID issuer (src/identity/)
 *
 * The directory is `.local/` under the project root, or `LOCAL_STATE_DIR` when set (tests use a
 * temporary one so they never clash with a developer's running stack). This module only reads and
 * writes the file; which endpoints exist and how to probe them is src/endpoints/probes.ts.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ENDPOINTS_FILE_NAME = 'endpoints.json';

/** Endpoint name (`stepfunctions`, `dynamodb`, …) → base URL. */
export type Endpoints = Readonly<Record<string, string>>;

export interface EndpointsFile {
  pid: number;
  endpoints: Endpoints;
}

/** The file exists but is not an endpoints file this code wrote (truncated, edited, another format). */
export class EndpointsFileError extends Error {
  override readonly name = 'EndpointsFileError';
}

const NAME = /^[a-z][a-z0-9]*$/;

/** The state directory: `LOCAL_STATE_DIR` (relative to `root` if not absolute) or `<root>/.local`. */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env, root: string = process.cwd()): string {
  const configured = env.LOCAL_STATE_DIR;
  return resolve(root, configured !== undefined && configured !== '' ? configured : '.local');
}

export function endpointsFilePath(directory: string): string {
  return join(directory, ENDPOINTS_FILE_NAME);
}

/** Why `url` is not a local endpoint base URL (http(s) on 127.0.0.1 with an explicit port), or undefined. */
function urlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'is not http(s)';
  if (parsed.hostname !== '127.0.0.1') return 'is not on 127.0.0.1';
  if (parsed.port === '') return 'has no port';
  return undefined;
}

/**
 * Checks a parsed file. Throws EndpointsFileError naming the first bad field: `pid` must be a
 * positive integer, every other key an endpoint name (lower-case letters and digits) with a base URL.
 */
export function parseEndpointsFile(value: unknown): EndpointsFile {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new EndpointsFileError('endpoints file: not a JSON object');
  }
  const { pid, ...rest } = value as Record<string, unknown>;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) {
    throw new EndpointsFileError('endpoints file: "pid" must be a positive integer');
  }
  const endpoints: Record<string, string> = {};
  for (const [name, url] of Object.entries(rest)) {
    if (!NAME.test(name)) throw new EndpointsFileError(`endpoints file: "${name}" is not an endpoint name`);
    if (typeof url !== 'string') throw new EndpointsFileError(`endpoints file: "${name}" must be a URL string`);
    const problem = urlProblem(url);
    if (problem) throw new EndpointsFileError(`endpoints file: "${name}" (${url}) ${problem}`);
    endpoints[name] = url;
  }
  return { pid, endpoints };
}

/**
 * Writes `<directory>/endpoints.json` atomically (a reader never sees half a file) and returns its
 * path. Throws EndpointsFileError, before writing anything, if `file` would not read back.
 */
export function writeEndpointsFile(directory: string, file: EndpointsFile): string {
  const content = { pid: file.pid, ...file.endpoints };
  parseEndpointsFile(content);
  mkdirSync(directory, { recursive: true });
  const path = endpointsFilePath(directory);
  const temporary = `${path}.${file.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`);
  renameSync(temporary, path);
  return path;
}

/**
 * The endpoints file in `directory`, or undefined when there is none. Throws EndpointsFileError
 * when it exists but is not valid JSON of the documented shape.
 */
export function readEndpointsFile(directory: string): EndpointsFile | undefined {
  let text: string;
  try {
    text = readFileSync(endpointsFilePath(directory), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EndpointsFileError(`endpoints file: not valid JSON (${endpointsFilePath(directory)})`);
  }
  return parseEndpointsFile(value);
}

/**
 * Removes the endpoints file if it belongs to process `pid` (another process's file, e.g. of a
 * newer run, is left alone); synchronous, so it can run in an `exit` handler. True if removed.
 */
export function removeEndpointsFile(directory: string, pid: number): boolean {
  let owner: number | undefined;
  try {
    owner = readEndpointsFile(directory)?.pid;
  } catch {
    return false;
  }
  if (owner !== pid) return false;
  rmSync(endpointsFilePath(directory), { force: true });
  return true;
}

/** Whether a process with this pid exists (it may belong to another user: EPERM means it exists). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
