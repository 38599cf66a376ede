/**
 * The offline EventBridge pattern matcher (src/events/pattern.ts) against the examples of
 * "Amazon EventBridge event patterns" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html)
 * and "Comparison operators for use in event patterns" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
 */
import { compilePattern, InvalidEventPatternError } from '../../src/events/pattern';

const event = {
  version: '0',
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  region: 'us-east-1',
  resources: ['arn:aws:states:us-east-1:000000000000:execution:orders:run-1'],
  detail: {
    status: 'FAILED',
    name: 'run-1',
    startDate: 1551225146847,
    stopDate: null,
    error: 'States.TaskFailed',
    tags: ['a', 'b'],
    nested: { c: 'x' },
  },
};

const matches = (pattern: unknown) => compilePattern(pattern)(event);

describe('EventBridge event patterns (eb-event-patterns.html)', () => {
  it('matches when every named field matches one of its alternatives; fields the pattern omits are ignored', () => {
    expect(matches({ source: ['aws.states'] })).toBe(true);
    expect(matches({ source: ['aws.s3', 'aws.states'], detail: { status: ['SUCCEEDED', 'FAILED'] } })).toBe(true);
    expect(matches({ source: ['aws.states'], detail: { status: ['SUCCEEDED'] } })).toBe(false);
    expect(matches({ detail: { missing: ['x'] } })).toBe(false);
  });

  it('is exact and case-sensitive; numbers and null match as values', () => {
    expect(matches({ source: ['AWS.STATES'] })).toBe(false);
    expect(matches({ detail: { startDate: [1551225146847] } })).toBe(true);
    expect(matches({ detail: { stopDate: [null] } })).toBe(true);
    expect(matches({ detail: { name: [null] } })).toBe(false);
  });

  it('matches an array value when any of its elements matches (the intersection is not empty)', () => {
    expect(matches({ detail: { tags: ['b', 'z'] } })).toBe(true);
    expect(matches({ resources: [{ prefix: 'arn:aws:states:' }] })).toBe(true);
    expect(matches({ detail: { tags: ['z'] } })).toBe(false);
  });

  it('matches nested objects', () => {
    expect(matches({ detail: { nested: { c: ['x'] } } })).toBe(true);
    expect(matches({ detail: { nested: { c: ['y'] } } })).toBe(false);
  });

  it('refuses malformed patterns by name', () => {
    expect(() => compilePattern({ source: 'aws.states' })).toThrow(InvalidEventPatternError);
    expect(() => compilePattern({ source: [] })).toThrow(/may not be empty/);
    expect(() => compilePattern('{not json')).toThrow(/not valid JSON/);
    expect(() => compilePattern({})).toThrow(/non-empty JSON object/);
    expect(() => compilePattern({ source: [{ bogus: 1 }] })).toThrow(/unknown operator "bogus"/);
    expect(() => compilePattern({ source: [{ cidr: '10.0.0.0/24' }] })).toThrow(/"cidr" .* not emulated offline/);
  });

  it('accepts the pattern as JSON text, as CloudFormation does', () => {
    expect(matches(JSON.stringify({ source: ['aws.states'] }))).toBe(true);
  });
});

describe('comparison operators (eb-create-pattern-operators.html)', () => {
  it('prefix and suffix, also ignoring case', () => {
    expect(matches({ source: [{ prefix: 'aws.' }] })).toBe(true);
    expect(matches({ detail: { error: [{ suffix: 'Failed' }] } })).toBe(true);
    expect(matches({ source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] })).toBe(true);
    expect(matches({ source: [{ suffix: { 'equals-ignore-case': 'STATES' } }] })).toBe(true);
    expect(matches({ source: [{ prefix: 'AWS.' }] })).toBe(false);
  });

  it('anything-but: a value, a list, a prefix, a suffix, equals-ignore-case, wildcard; never an absent field', () => {
    expect(matches({ detail: { status: [{ 'anything-but': 'SUCCEEDED' }] } })).toBe(true);
    expect(matches({ detail: { status: [{ 'anything-but': ['FAILED', 'ABORTED'] }] } })).toBe(false);
    expect(matches({ detail: { startDate: [{ 'anything-but': [1, 2] }] } })).toBe(true);
    expect(matches({ source: [{ 'anything-but': { prefix: 'aws.' } }] })).toBe(false);
    expect(matches({ detail: { status: [{ 'anything-but': { suffix: 'ED' } }] } })).toBe(false);
    expect(matches({ detail: { status: [{ 'anything-but': { 'equals-ignore-case': ['failed'] } }] } })).toBe(false);
    expect(matches({ detail: { status: [{ 'anything-but': { wildcard: 'FAIL*' } }] } })).toBe(false);
    expect(matches({ detail: { missing: [{ 'anything-but': 'x' }] } })).toBe(false);
  });

  it('numeric ranges match numbers only', () => {
    expect(matches({ detail: { startDate: [{ numeric: ['>', 0] }] } })).toBe(true);
    expect(matches({ detail: { startDate: [{ numeric: ['>', 0, '<=', 5] }] } })).toBe(false);
    expect(matches({ detail: { startDate: [{ numeric: ['=', 1551225146847] }] } })).toBe(true);
    expect(matches({ detail: { name: [{ numeric: ['>', 0] }] } })).toBe(false);
    expect(() => compilePattern({ a: [{ numeric: ['!', 1] }] })).toThrow(/numeric/);
  });

  it('exists: true for a present leaf, false for an absent field; objects are not leaves', () => {
    expect(matches({ detail: { error: [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { stopDate: [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { cause: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { error: [{ exists: false }] } })).toBe(false);
    expect(matches({ detail: { nested: [{ exists: true }] } })).toBe(false);
    expect(matches({ absent: { deeper: [{ exists: false }] } })).toBe(true);
  });

  it('equals-ignore-case and wildcard', () => {
    expect(matches({ detail: { status: [{ 'equals-ignore-case': 'failed' }] } })).toBe(true);
    expect(matches({ resources: [{ wildcard: 'arn:aws:states:*:execution:orders:*' }] })).toBe(true);
    expect(matches({ source: [{ wildcard: 'aws.*s' }] })).toBe(true);
    expect(matches({ source: [{ wildcard: 'aws.\\*' }] })).toBe(false);
    expect(matches({ source: [{ wildcard: 'aws' }] })).toBe(false);
  });

  it('$or matches when any of its patterns does', () => {
    const pattern = {
      source: ['aws.states'],
      $or: [{ detail: { status: ['SUCCEEDED'] } }, { detail: { error: [{ exists: true }] } }],
    };
    expect(matches(pattern)).toBe(true);
    expect(matches({ $or: [{ detail: { status: ['SUCCEEDED'] } }, { source: ['aws.s3'] }] })).toBe(false);
    expect(() => compilePattern({ $or: [{ a: ['x'] }] })).toThrow(/at least two/);
  });
});
