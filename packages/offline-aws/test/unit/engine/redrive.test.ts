/**
 * Redrive's bookkeeping without a stack: which executions are redrivable and why not
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeExecution.html,
 * `redriveStatusReason`; https://docs.aws.amazon.com/step-functions/latest/dg/redrive-executions.html),
 * RedriveExecution's client tokens (API_RedriveExecution.html: the last 10, for 15 minutes), and
 * the memory of where each line of work continues (src/engine/interpreter/redrive.ts).
 */
import { ExecutionHistory } from '../../../src/engine/history';
import { RedriveMemory } from '../../../src/engine/interpreter/redrive';
import { RedriveTokens, redriveVerdict, REDRIVABLE_PERIOD_MS } from '../../../src/engine/redrive';

const ended = (extra: Partial<Parameters<typeof redriveVerdict>[0]> = {}): Parameters<typeof redriveVerdict>[0] => ({
  status: 'FAILED',
  type: 'STANDARD',
  stopDate: new Date('2026-01-01T00:00:00Z'),
  redriveCount: 0,
  history: new ExecutionHistory(new Map()),
  ...extra,
});
const now = new Date('2026-01-02T00:00:00Z');

describe('redriveVerdict', () => {
  it('FAILED, TIMED_OUT and ABORTED Standard executions are redrivable', () => {
    for (const status of ['FAILED', 'TIMED_OUT', 'ABORTED'] as const) {
      expect(redriveVerdict(ended({ status }), now)).toEqual({ redriveStatus: 'REDRIVABLE' });
    }
  });

  it("RUNNING and SUCCEEDED ones are not, with AWS's reasons", () => {
    expect(redriveVerdict(ended({ status: 'RUNNING' }), now)).toEqual({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven',
    });
    expect(redriveVerdict(ended({ status: 'SUCCEEDED' }), now).redriveStatusReason).toBe(
      'Execution is SUCCEEDED and cannot be redriven',
    );
  });

  it('14 days after its end an execution is no longer redrivable', () => {
    const stopDate = new Date(now.getTime() - REDRIVABLE_PERIOD_MS);
    expect(redriveVerdict(ended({ stopDate }), now).redriveStatus).toBe('REDRIVABLE');
    expect(redriveVerdict(ended({ stopDate: new Date(stopDate.getTime() - 1) }), now).redriveStatusReason).toBe(
      'Execution redrivable period exceeded',
    );
  });

  it("a DELETING machine's executions, a full history and 1,000 redrives are not redrivable", () => {
    expect(redriveVerdict(ended({ machineStatus: 'DELETING' }), now).redriveStatusReason).toBe(
      'State machine is in DELETING status',
    );
    const history = new ExecutionHistory(new Map());
    for (let i = 0; i < 24_999; i += 1) history.append('PassStateEntered', {}, i);
    expect(redriveVerdict(ended({ history }), now).redriveStatusReason).toBe('Execution history event limit exceeded');
    expect(redriveVerdict(ended({ redriveCount: 999 }), now).redriveStatus).toBe('REDRIVABLE');
    expect(redriveVerdict(ended({ redriveCount: 1000 }), now).redriveStatus).toBe('NOT_REDRIVABLE');
    expect(redriveVerdict(ended({ type: 'EXPRESS' }), now).redriveStatus).toBe('NOT_REDRIVABLE');
  });
});

describe('RedriveTokens', () => {
  it('answers a repeated token with its first redrive date for 15 minutes', () => {
    const tokens = new RedriveTokens();
    const first = new Date('2026-01-01T00:00:00Z');
    tokens.remember('t1', first);
    expect(tokens.replay('t1', first.getTime() + 15 * 60 * 1000)).toBe(first);
    expect(tokens.replay('t1', first.getTime() + 15 * 60 * 1000 + 1)).toBeUndefined();
    expect(tokens.replay('other', first.getTime())).toBeUndefined();
    expect(tokens.replay(undefined, first.getTime())).toBeUndefined();
  });

  it('keeps the last 10 tokens', () => {
    const tokens = new RedriveTokens();
    const at = new Date('2026-01-01T00:00:00Z');
    for (let i = 0; i < 11; i += 1) tokens.remember(`t${i}`, at);
    expect(tokens.replay('t0', at.getTime())).toBeUndefined();
    expect(tokens.replay('t1', at.getTime())).toBe(at);
    expect(tokens.replay('t10', at.getTime())).toBe(at);
  });
});

describe('RedriveMemory', () => {
  it('a line continues, in the next attempt only, where it last entered a state, with a copy of its input and variables', () => {
    const memory = new RedriveMemory();
    const input = { n: 1 };
    memory.entered(undefined, 'First', { n: 0 }, {});
    memory.entered(undefined, 'Second', input, { x: 1 });
    input.n = 2;
    expect(memory.resumeAt(undefined)).toBeUndefined(); // not before a redrive
    memory.beginRedrive();
    expect(memory.resumeAt(undefined)).toEqual({ name: 'Second', input: { n: 1 }, variables: { x: 1 } });
    expect(memory.resumeAt(undefined)).toBeUndefined(); // used once
  });

  it("reuses a succeeded branch's output once, in the next attempt; a finished container forgets its branches", () => {
    const memory = new RedriveMemory();
    const left = RedriveMemory.keyOf(undefined, 'Both', 0);
    const nested = RedriveMemory.keyOf(RedriveMemory.keyOf(undefined, 'Both', 1), 'Inner', 0);
    expect([left, nested]).toEqual(['/Both[0]', '/Both[1]/Inner[0]']);
    memory.succeeded(left, 'L');
    memory.succeeded(nested, 'N');
    memory.entered(RedriveMemory.keyOf(undefined, 'Both', 1), 'Right', {}, {});
    expect(memory.reuse(left)).toBeUndefined(); // a Retry in the same attempt runs it again
    memory.beginRedrive();
    expect(memory.reuse(left)).toEqual({ output: 'L' });
    expect(memory.reuse(left)).toBeUndefined();
    memory.finished(undefined, 'Both');
    expect(memory.reuse(nested)).toBeUndefined();
    expect(memory.resumeAt('/Both[1]')).toBeUndefined();
    memory.beginRedrive(); // what was reused stays for a further redrive, unless its container finished
    expect(memory.reuse(left)).toBeUndefined();
  });

  it('a distributed Map goes on with its Map Run, counting its redrives', () => {
    const memory = new RedriveMemory();
    expect(memory.mapRun(undefined, 'Each', 'arn:run:1')).toEqual({ mapRunArn: 'arn:run:1', redriveCount: 0 });
    memory.beginRedrive();
    expect(memory.mapRun(undefined, 'Each', 'arn:run:2')).toEqual({ mapRunArn: 'arn:run:1', redriveCount: 1 });
    memory.beginRedrive();
    expect(memory.mapRun(undefined, 'Each', 'arn:run:3')).toEqual({ mapRunArn: 'arn:run:1', redriveCount: 2 });
  });
});

describe('a redriven history', () => {
  it('goes on after its end, from ExecutionRedriven; the lines of the attempt before record nothing more', () => {
    const history = new ExecutionHistory(new Map());
    const first = history.line();
    first.record('ExecutionStarted', {});
    const branch = first.fork();
    branch.record('TaskStateEntered', { name: 'Work' });
    first.record('ExecutionFailed', { error: 'Busy' });
    expect(() => first.fork().record('TaskSucceeded', {})).not.toThrow();
    const line = history.redriven(1);
    expect(branch.record('TaskSucceeded', {})).toBe(0); // a call of the failed attempt ending late
    expect(line.record('TaskStateEntered', { name: 'Work' })).toBe(5);
    expect(history.events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'TaskStateEntered'],
      [3, 0, 'ExecutionFailed'],
      [4, 3, 'ExecutionRedriven'],
      [5, 4, 'TaskStateEntered'],
    ]);
    expect(history.events[3]).toMatchObject({ executionRedrivenEventDetails: { redriveCount: 1 } });
    expect(() => history.redriven(2)).toThrow('Only an ended execution is redriven');
  });
});
