/** The stack's own lines (src/logs/lines.ts) and the functions' log files (src/logs/function-logs.ts, sink.ts). */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FunctionLogFiles, ROTATE_BYTES, stampLines } from '../../src/logs/function-logs';
import { accessLine, errorName, fitLine, invocationLine, MAX_LINE } from '../../src/logs/lines';
import { LogSink } from '../../src/logs/sink';
import { CapturedLines } from '../../src/testing';

const REQUEST = '6f1c2a9e-0000-4000-8000-000000000001';
let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'logs-test-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('lines', () => {
  it('keeps a line on one line and within 200 characters', () => {
    expect(fitLine('a\n\tb  c')).toBe('a b c');
    const long = fitLine('x'.repeat(500));
    expect([long.length, long.endsWith('…')]).toEqual([MAX_LINE, true]);
  });

  it('says an invocation: function, outcome, duration, cold start, trigger, request id', () => {
    const summary = { functionName: 'reserve', requestId: REQUEST, startedAt: 0, durationMs: 41.6 };
    expect(invocationLine({ ...summary, initDurationMs: 310.2, trigger: { label: 'ord_1/Reserve' } })).toBe(
      `λ reserve ok 42 ms cold (init 310 ms) ← ord_1/Reserve · ${REQUEST}`,
    );
    expect(invocationLine({ ...summary, error: 'OutOfStock' })).toBe(`λ reserve OutOfStock 42 ms · ${REQUEST}`);
    // A long trigger is cut, the request id kept whole.
    const line = invocationLine({ ...summary, trigger: { label: `ord_${'9'.repeat(300)}/Reserve` } });
    expect(line.length).toBeLessThanOrEqual(MAX_LINE);
    expect(line.endsWith(`· ${REQUEST}`)).toBe(true);
  });

  it('says a request as an access log does, with the error name of a 4xx/5xx', () => {
    const record = { method: 'POST', path: '/orders', durationMs: 12, requestId: REQUEST };
    expect(accessLine({ ...record, status: 400, error: 'ValidationError' })).toBe(
      `HTTP POST /orders 400 12 ms ValidationError · ${REQUEST}`,
    );
    expect(accessLine({ ...record, status: 202 })).toBe(`HTTP POST /orders 202 12 ms · ${REQUEST}`);
    expect(errorName(400, '{"error":"ValidationError","message":"x"}')).toBe('ValidationError');
    expect(errorName(401, '{"message":"Unauthorized"}')).toBe('Unauthorized');
    expect(errorName(500, 'not json')).toBeUndefined();
    expect(errorName(200, '{"error":"x"}')).toBeUndefined();
  });
});

describe('function log files', () => {
  it('stamps every line, a line split over chunks with its first chunk’s time', () => {
    const at = Date.parse('2025-01-02T03:04:05.000Z');
    expect(
      stampLines([
        { at, text: 'one\ntw' },
        { at: at + 5, text: 'o\nthree' },
      ]),
    ).toEqual(['2025-01-02T03:04:05.000Z one', '2025-01-02T03:04:05.000Z two', '2025-01-02T03:04:05.005Z three']);
  });

  it('writes an invocation as one block and reads it back by request id; prints its line', () => {
    const said = new CapturedLines();
    const sink = new LogSink({ print: said.print, directory });
    sink.output('fn', { at: 0, text: 'init says hello\n' });
    const open = sink.begin({ functionName: 'fn', requestId: REQUEST, memorySize: 256 });
    open.onLog('{"level":"INFO","message":"hi"}\n');
    open.end(3.5, 'Sandbox.Timedout');
    const lines = sink.linesOf('fn', REQUEST) ?? [];
    expect(lines.map((line) => line.replace(/^\S+Z /, ''))).toEqual([
      `START RequestId: ${REQUEST} Version: $LATEST`,
      '{"level":"INFO","message":"hi"}',
      `END RequestId: ${REQUEST}`,
      `REPORT RequestId: ${REQUEST}\tDuration: 3.50 ms\tMemory Size: 256 MB\tStatus: timeout`,
    ]);
    expect(readFileSync(join(directory, 'fn.log'), 'utf8')).toMatch(/^1970-01-01T00:00:00.000Z init says hello\n/);
    expect(said.lines).toEqual([`λ fn Sandbox.Timedout 4 ms · ${REQUEST}`]);
    expect(sink.linesOf('fn', 'another')).toBeUndefined();
  });

  it("writes a handler's error before END as the Node.js runtime logs it (ERROR Invoke Error)", () => {
    const sink = new LogSink({ print: () => undefined, directory });
    const open = sink.begin({ functionName: 'fn', requestId: REQUEST, memorySize: 128 });
    const invokeError = {
      errorType: 'ValidationError',
      errorMessage: 'orderId: required',
      stack: ['ValidationError: x'],
    };
    open.end(2, 'ValidationError', invokeError);
    const lines = (sink.linesOf('fn', REQUEST) ?? []).map((line) => line.replace(/^\S+Z(\s)/, '<t>$1'));
    expect(lines.slice(1, 3)).toEqual([
      `<t>\t${REQUEST}\tERROR\tInvoke Error \t${JSON.stringify(invokeError)}`,
      `<t> END RequestId: ${REQUEST}`,
    ]);
  });

  it('sets an oversized file aside when a stack first writes to it', () => {
    const file = join(directory, 'fn.log');
    writeFileSync(file, 'x'.repeat(ROTATE_BYTES + 1));
    new FunctionLogFiles(directory).append('fn', ['new']);
    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(`${file}.1`).size).toBe(ROTATE_BYTES + 1);
  });

  it('remembers which invocations a state’s attempts made, for the console', () => {
    const sink = new LogSink({ print: () => undefined });
    const trigger = { label: 'e/S', executionArn: 'arn:e', stateName: 'S' };
    for (const requestId of ['a', 'b']) {
      sink.begin({ functionName: 'fn', requestId, trigger, memorySize: 128 }).end(1);
    }
    expect(sink.invocationsOf('arn:e', 'S').map((i) => i.requestId)).toEqual(['a', 'b']);
    expect(sink.invocationsOf('arn:e', 'T')).toEqual([]);
    expect(sink.linesOf('fn', 'a')).toBeUndefined(); // no directory: no lines kept
  });
});
