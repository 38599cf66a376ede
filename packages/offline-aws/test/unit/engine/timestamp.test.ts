/**
 * What counts as a timestamp for the Choice state (AWS: "Choice workflow state", Choice Rules:
 * "the RFC3339 profile of ISO 8601, with the further restrictions that an uppercase T must separate
 * the date and time portions, and an uppercase Z must denote that a numeric time zone offset is not
 * present", https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html).
 */
import { compareInstants, isTimestamp, parseTimestamp } from '../../../src/engine/query/timestamp';

describe('timestamps', () => {
  it('accepts RFC3339 date-times with Z or a numeric offset, with or without a fraction', () => {
    const accepted = [
      '2016-08-18T17:33:00Z',
      '2012-10-09T19:00:55+01:00',
      '2012-10-09T19:00:55-11:30',
      '2012-10-09T19:00:55.1Z',
      '2012-10-09T19:00:55.123456789+00:00',
      '2024-02-29T00:00:00Z',
      '0001-01-01T00:00:00Z',
    ];
    expect(accepted.filter((text) => !isTimestamp(text))).toEqual([]);
  });

  it('refuses a date alone, no zone, a space or lower-case t/z, and fields out of range', () => {
    const refused = [
      '2023-02-24',
      '2012-10-09T19:00:55',
      '2023-02-24 12:15:56.832957',
      '2012-10-09t19:00:55Z',
      '2012-10-09T19:00:55z',
      '2012-10-09T19:00:55+0100',
      '2012-10-09T19:00:55.Z',
      '2012-10-09T19:00:55.1234567891Z',
      '2012-13-09T19:00:55Z',
      '2023-02-29T00:00:00Z',
      '2012-10-09T24:00:00Z',
      '2012-10-09T19:60:00Z',
      '2012-10-09T19:00:55+19:00',
      ' 2012-10-09T19:00:55Z',
      'HelloWorld',
    ];
    expect(refused.filter((text) => isTimestamp(text))).toEqual([]);
    expect([isTimestamp(0), isTimestamp(null), isTimestamp(['2016-08-18T17:33:00Z'])]).toEqual([false, false, false]);
  });

  it('reads the instant: offsets move it, fractions order within the second', () => {
    const at = (text: string) => parseTimestamp(text) ?? { seconds: NaN, nanos: NaN };
    expect(at('1970-01-01T00:00:01Z')).toEqual({ seconds: 1, nanos: 0 });
    expect(at('1970-01-01T01:00:00+01:00')).toEqual({ seconds: 0, nanos: 0 });
    expect(at('0099-01-01T00:00:00Z').seconds).toBe(Date.parse('0099-01-01T00:00:00Z') / 1000);
    expect(at('2012-10-09T19:00:55.25Z').nanos).toBe(250_000_000);
    expect(compareInstants(at('2012-10-09T20:00:55+01:00'), at('2012-10-09T19:00:55Z'))).toBe(0);
    expect(compareInstants(at('2012-10-09T19:00:55.5Z'), at('2012-10-09T19:00:55.499999999Z'))).toBeGreaterThan(0);
    expect(compareInstants(at('2012-10-09T19:00:54.9Z'), at('2012-10-09T19:00:55Z'))).toBeLessThan(0);
  });
});
