import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubCall {
  service: 'sfn' | 'sns';
  action: string;
  params: Record<string, unknown>;
}

/**
 * A stand-in for the Step Functions and SNS endpoints (AWS JSON 1.0 and AWS Query protocols), so the
 * integration tests run the real SDK clients and see what the handlers send. `sfnDown` makes it drop
 * Step Functions connections, as when nothing listens at AWS_ENDPOINT_URL_SFN.
 */
export class AwsStub {
  readonly calls: StubCall[] = [];
  sfnDown = false;
  /** Task tokens SendTaskSuccess/SendTaskFailure accept once; others get TaskTimedOut. */
  readonly openTokens = new Set<string>();
  private readonly executions = new Set<string>();
  private readonly server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  callsOf(service: StubCall['service'], action: string): StubCall[] {
    return this.calls.filter((c) => c.service === service && c.action === action);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith('AWSStepFunctions.')) {
      if (this.sfnDown) {
        req.socket.destroy();
        return;
      }
      this.stepFunctions(target.slice('AWSStepFunctions.'.length), JSON.parse(text) as Record<string, unknown>, res);
      return;
    }
    const params = Object.fromEntries(new URLSearchParams(text));
    this.calls.push({ service: 'sns', action: String(params.Action), params });
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  }

  private stepFunctions(action: string, params: Record<string, unknown>, res: ServerResponse): void {
    this.calls.push({ service: 'sfn', action, params });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(body));
    };
    if (action === 'StartExecution') {
      const name = String(params.name);
      if (this.executions.has(name)) {
        json(400, { __type: 'ExecutionAlreadyExists', message: `Execution Already Exists: '${name}'` });
        return;
      }
      this.executions.add(name);
      json(200, {
        executionArn: `arn:aws:states:eu-west-1:000000000000:execution:sm:${name}`,
        startDate: 1_795_600_800,
      });
      return;
    }
    const token = String(params.taskToken);
    if (!this.openTokens.delete(token)) {
      json(400, { __type: 'TaskTimedOut', message: 'Task Timed Out' });
      return;
    }
    json(200, {});
  }
}
