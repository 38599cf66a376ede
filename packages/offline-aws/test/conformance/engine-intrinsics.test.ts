/**
 * Intrinsic functions, run by the offline engine as AWS runs them.
 */
import { run, single } from './support';

const pass = (parameters: object) => single({ Type: 'Pass', Parameters: parameters, End: true });

// AWS: "Intrinsic functions for JSONPath states in Step Functions"
// https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
describe('Intrinsic functions (AWS: "Intrinsic functions for JSONPath states in Step Functions")', () => {
  it('States.JsonToString returns the JSON text of the value, backslashes included', async () => {
    const data = { path: 'C:\\temp\\new', quote: 'say "hi"' };
    const outcome = await run(pass({ 'text.$': 'States.JsonToString($.data)' }), { data });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { text: JSON.stringify(data) } });
  });

  it('States.MathAdd rounds each argument to the nearest integer, halves up, before adding (as recorded on AWS)', async () => {
    const cases: [number, number, number][] = [
      [1.49, 1.5, 3],
      [1.5, 1.51, 4],
      [-1.49, -1.5, -2],
      [-1.5, -1.51, -3],
      [2.5, 0, 3],
      [-2.5, 0, -2],
      [-0.5, 0.5, 1],
      [-9, 3, -6],
    ];
    for (const [fst, snd, sum] of cases) {
      const outcome = await run(pass({ 'sum.$': 'States.MathAdd($.fst, $.snd)' }), { fst, snd });
      expect({ fst, snd, outcome }).toEqual({ fst, snd, outcome: { status: 'SUCCEEDED', output: { sum } } });
    }
    const negativeZero = await run(pass({ 'sum.$': 'States.MathAdd($.fst, $.snd)' }), { fst: -0.5, snd: 0 });
    expect(JSON.stringify(negativeZero)).toContain('"sum":0');
  });

  it('States.StringToJson(States.JsonToString(x)) gives x back', async () => {
    const data = { path: 'C:\\temp', list: ['a\\b', 1, null] };
    const outcome = await run(pass({ 'copy.$': 'States.StringToJson(States.JsonToString($.data))' }), { data });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { copy: data } });
  });

  it('States.Format inserts values as they are, backslashes included', async () => {
    const outcome = await run(pass({ 'text.$': "States.Format('dir={}', $.dir)" }), { dir: 'C:\\temp' });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { text: 'dir=C:\\temp' } });
  });

  it('States.Format of a JSON string keeps it valid JSON', async () => {
    const data = { path: 'C:\\temp' };
    const outcome = await run(pass({ 'text.$': "States.Format('{}', States.JsonToString($.data))" }), { data });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { text: '{"path":"C:\\\\temp"}' } });
    if (outcome.status === 'SUCCEEDED') {
      expect(JSON.parse((outcome.output as { text: string }).text)).toEqual(data);
    }
  });

  it('States.Format with the template in the input (as in the page example)', async () => {
    const outcome = await run(pass({ 'text.$': 'States.Format($.template, $.name)' }), {
      template: 'Hello, my name is {}.',
      name: 'Arnav',
    });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { text: 'Hello, my name is Arnav.' } });
  });

  // Same page, "Reserved characters in intrinsic functions": \' is ', \{ is {, \} is } and \\ is \
  // (each backslash doubled again in the JSON of the definition).
  it("reserved characters: \\' \\{ \\} \\\\ in a string literal stand for ' { } \\", async () => {
    const outcome = await run(pass({ 'text.$': "States.Format('it\\'s \\{\\} {} in C:\\\\temp', $.x)" }), { x: 'X' });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { text: "it's {} X in C:\\temp" } });
  });

  it('reserved characters in a literal argument other than the template', async () => {
    const outcome = await run(pass({ 'list.$': "States.Array('a\\'b', 'C:\\\\temp', '\\{\\}')" }));
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { list: ["a'b", 'C:\\temp', '{}'] } });
  });

  it('a string literal may hold commas and an unbalanced parenthesis', async () => {
    const outcome = await run(pass({ 'text.$': "States.Format('a), {}', $.x)" }), { x: 1 });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { text: 'a), 1' } });
  });

  it('States.Format fails with States.IntrinsicFailure when the arguments do not match the {} count', async () => {
    const outcome = await run(pass({ 'text.$': "States.Format('{} and {}', $.x)" }), { x: 1 });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.IntrinsicFailure' });
  });
});

// AWS: "Fail workflow state" https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html
// "You can also specify CausePath using an intrinsic function that returns a string" (and ErrorPath).
describe('Fail state ErrorPath / CausePath (AWS: "Fail workflow state")', () => {
  it('takes them from reference paths', async () => {
    const outcome = await run(single({ Type: 'Fail', ErrorPath: '$.error', CausePath: '$.cause' }), {
      error: 'OrderRejected',
      cause: 'stock',
    });
    expect(outcome).toEqual({ status: 'FAILED', error: 'OrderRejected', cause: 'stock' });
  });

  it('takes them from intrinsic functions', async () => {
    const outcome = await run(
      single({
        Type: 'Fail',
        ErrorPath: "States.Format('{}Error', $.kind)",
        CausePath: "States.Format('order {} failed: {}', $.orderId, States.JsonToString($.details))",
      }),
      { kind: 'Payment', orderId: 'o-1', details: { code: 'C:\\x' } },
    );
    expect(outcome).toEqual({
      status: 'FAILED',
      error: 'PaymentError',
      cause: 'order o-1 failed: {"code":"C:\\\\x"}',
    });
  });

  it('fails with States.Runtime when the path does not select a string', async () => {
    const outcome = await run(single({ Type: 'Fail', Error: 'E', CausePath: '$.n' }), { n: 1 });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});
