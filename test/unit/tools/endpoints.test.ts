/**
 * `.local/endpoints.json` (packages/offline-aws/src/endpoints/file.ts, packages/offline-aws/src/endpoints/probes.ts): where the file lives,
 * that it is written whole and reads back, that a malformed file is refused with the field named,
 * that a process removes only its own file, and how a file left by another process is judged
 * (live only if its pid is alive and its endpoints answer).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENDPOINTS, inspectEndpointsFile, waitForEndpoints } from 'offline-aws/endpoints/probes';
import {
  EndpointsFileError,
  endpointsFilePath,
  isProcessAlive,
  readEndpointsFile,
  removeEndpointsFile,
  stateDirectory,
  writeEndpointsFile,
} from 'offline-aws/endpoints/file';

const ENDPOINTS_OF_A_RUN = {
  stepfunctions: 'http://127.0.0.1:40001',
  dynamodb: 'http://127.0.0.1:40002',
  sns: 'http://127.0.0.1:40003',
  sqs: 'http://127.0.0.1:40003',
};

/** A pid that certainly belongs to no process: one that has just exited. */
const deadPid = (): number => {
  const run = spawnSync(process.execPath, ['-e', '0']);
  return run.pid ?? 0;
};

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'endpoints-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('stateDirectory', () => {
  it('is .local under the project root unless LOCAL_STATE_DIR says otherwise', () => {
    expect(stateDirectory({}, '/repo')).toBe('/repo/.local');
    expect(stateDirectory({ LOCAL_STATE_DIR: '' }, '/repo')).toBe('/repo/.local');
    expect(stateDirectory({ LOCAL_STATE_DIR: '/tmp/run-1' }, '/repo')).toBe('/tmp/run-1');
    expect(stateDirectory({ LOCAL_STATE_DIR: 'state/a' }, '/repo')).toBe('/repo/state/a');
  });
});

describe('writeEndpointsFile / readEndpointsFile', () => {
  it('writes one flat object, pid first, that reads back as written', () => {
    const path = writeEndpointsFile(join(directory, 'nested'), { pid: 4242, endpoints: ENDPOINTS_OF_A_RUN });
    expect(path).toBe(endpointsFilePath(join(directory, 'nested')));
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(['pid', 'stepfunctions', 'dynamodb', 'sns', 'sqs']);
    expect(readEndpointsFile(join(directory, 'nested'))).toEqual({ pid: 4242, endpoints: ENDPOINTS_OF_A_RUN });
    expect(readdirSync(join(directory, 'nested'))).toEqual(['endpoints.json']); // no temporary file left
  });

  it('reads no file as undefined', () => {
    expect(readEndpointsFile(directory)).toBeUndefined();
  });

  it.each([
    [{ pid: 1, stepfunctions: 'http://localhost:4000' }, /"stepfunctions" .* is not on 127\.0\.0\.1/],
    [{ pid: 1, dynamodb: 'http://127.0.0.1' }, /"dynamodb" .* has no port/],
    [{ pid: 1, sns: 'ftp://127.0.0.1:21' }, /"sns" .* is not http/],
    [{ pid: 1, sqs: 'not a url' }, /"sqs" .* is not a URL/],
    [{ pid: 1, sqs: 4000 }, /"sqs" must be a URL string/],
    [{ pid: 1, 'Step-Functions': 'http://127.0.0.1:1' }, /"Step-Functions" is not an endpoint name/],
    [{ pid: 0, sqs: 'http://127.0.0.1:1' }, /"pid" must be a positive integer/],
    [{ sqs: 'http://127.0.0.1:1' }, /"pid" must be a positive integer/],
    [['http://127.0.0.1:1'], /not a JSON object/],
  ])('refuses %j, naming the field', (content, message) => {
    writeFileSync(endpointsFilePath(directory), JSON.stringify(content));
    expect(() => readEndpointsFile(directory)).toThrow(EndpointsFileError);
    expect(() => readEndpointsFile(directory)).toThrow(message);
  });

  it('refuses a truncated file', () => {
    writeFileSync(endpointsFilePath(directory), '{"pid": 12, "stepfunctions": "http://127.');
    expect(() => readEndpointsFile(directory)).toThrow(/not valid JSON/);
  });

  it('writes nothing it could not read back (never a fake URL)', () => {
    expect(() => writeEndpointsFile(directory, { pid: 7, endpoints: { api: 'http://example.com:80' } })).toThrow(
      EndpointsFileError,
    );
    expect(existsSync(endpointsFilePath(directory))).toBe(false);
  });
});

describe('removeEndpointsFile', () => {
  it("removes the file of its own pid only, and never another process's", () => {
    writeEndpointsFile(directory, { pid: 4242, endpoints: ENDPOINTS_OF_A_RUN });
    expect(removeEndpointsFile(directory, 4343)).toBe(false);
    expect(existsSync(endpointsFilePath(directory))).toBe(true);
    expect(removeEndpointsFile(directory, 4242)).toBe(true);
    expect(existsSync(endpointsFilePath(directory))).toBe(false);
    expect(removeEndpointsFile(directory, 4242)).toBe(false);
  });
});

describe('isProcessAlive', () => {
  it('tells a running process from one that has exited', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(deadPid())).toBe(false);
  });
});

describe('ENDPOINTS', () => {
  it('lists the endpoints the embedded stack serves today, each with a probe', () => {
    expect(ENDPOINTS.map((spec) => spec.name)).toEqual([
      'stepfunctions',
      'lambda',
      'logs',
      'dynamodb',
      'sns',
      'sqs',
      's3',
      'api',
      'issuer',
      'console',
    ]);
  });
});

describe('inspectEndpointsFile', () => {
  /** Answers DescribeExecution as the local Step Functions endpoint does for an unknown execution. */
  let sfn: Server;
  let sfnUrl: string;
  beforeAll(async () => {
    sfn = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ __type: 'ExecutionDoesNotExist', message: 'Execution does not exist' }));
      });
    });
    await new Promise<void>((resolve) => sfn.listen(0, '127.0.0.1', resolve));
    sfnUrl = `http://127.0.0.1:${(sfn.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => sfn.close(() => resolve())));

  /** A port nothing listens on. */
  const closedPort = async (): Promise<number> => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  };

  it('is absent without a file', async () => {
    await expect(inspectEndpointsFile(directory)).resolves.toEqual({ state: 'absent' });
  });

  it('is live when its process is alive and every endpoint answers', async () => {
    const file = { pid: process.ppid, endpoints: { stepfunctions: sfnUrl } };
    writeEndpointsFile(directory, file);
    await expect(inspectEndpointsFile(directory)).resolves.toEqual({ state: 'live', file });
  });

  it('is stale when its process is gone', async () => {
    writeEndpointsFile(directory, { pid: deadPid(), endpoints: { stepfunctions: sfnUrl } });
    await expect(inspectEndpointsFile(directory)).resolves.toEqual({
      state: 'stale',
      reason: expect.stringMatching(/is gone/) as unknown,
    });
  });

  it('is stale when the process lives but an endpoint does not answer (e.g. a reused pid)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    writeEndpointsFile(directory, { pid: process.ppid, endpoints: { stepfunctions: sfnUrl, dynamodb: url } });
    await expect(inspectEndpointsFile(directory)).resolves.toEqual({
      state: 'stale',
      reason: expect.stringMatching(/does not answer on dynamodb$/) as unknown,
    });
  });

  it('is stale when the file is malformed', async () => {
    writeFileSync(endpointsFilePath(directory), 'garbage');
    await expect(inspectEndpointsFile(directory)).resolves.toMatchObject({ state: 'stale' });
  });

  it('waitForEndpoints names the endpoints that never answered', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    await expect(
      waitForEndpoints({ stepfunctions: sfnUrl, sqs: url }, { timeoutMs: 300, intervalMs: 50 }),
    ).rejects.toThrow(`These endpoints did not answer within 0.3 s: sqs (${url})`);
    await expect(waitForEndpoints({ stepfunctions: sfnUrl })).resolves.toBeUndefined();
  });
});
