/**
 * The supervisor of `npm start`: when a part of the system dies on its own, it says which in one
 * line and stops the whole system with exit code 1 (docs/commands.md), instead of answering 500 to
 * every call. The one part that runs outside the server's process is DynamoDB Local; the others
 * (the SNS/SQS emulator, the endpoints, the console) die only with the process itself.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleKeyPath } from 'offline-aws/console/guard';
import { endpointsFilePath, type EndpointsFile } from 'offline-aws/endpoints/file';
import {
  CLEAN_UP_TIMEOUT_MS,
  cleanUp,
  dynamoDbLocalPids,
  endpointsFileOf,
  npmStart,
  printed,
  READY_TIMEOUT_MS,
  STOP_TIMEOUT_MS,
  within,
  type Service,
} from './start-process';

describe('npm start when DynamoDB Local dies', () => {
  let stateDir: string;
  let service: Service | undefined;
  let file: EndpointsFile | undefined;

  afterAll(async () => {
    await cleanUp(service, file);
    rmSync(stateDir, { recursive: true, force: true });
  }, CLEAN_UP_TIMEOUT_MS);

  it(
    'says so in one line naming it, then stops everything and exits 1',
    async () => {
      stateDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
      service = npmStart(stateDir, ['--no-demo']);
      file = await endpointsFileOf(service, stateDir);
      const port = new URL(file.endpoints.dynamodb ?? '').port;
      const [java] = dynamoDbLocalPids(port);
      expect(java).toBeDefined();
      process.kill(java ?? 0, 'SIGKILL');
      const output = await printed(service, 'exited on its own');
      const line = output.split('\n').find((text) => text.includes('exited on its own')) ?? '';
      expect(line).toContain(`DynamoDB Local (pid ${java}) exited on its own (signal SIGKILL)`);
      expect(line.length).toBeLessThanOrEqual(200);
      const ended = await within(service.exited, STOP_TIMEOUT_MS, 'stop after DynamoDB Local died');
      expect(ended).toEqual({ code: 1, signal: null });
      expect(existsSync(endpointsFilePath(stateDir))).toBe(false);
      expect(existsSync(consoleKeyPath(stateDir))).toBe(false);
    },
    READY_TIMEOUT_MS + STOP_TIMEOUT_MS + 10_000,
  );
});
