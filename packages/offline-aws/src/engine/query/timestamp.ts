/**
 * Timestamps as the Choice state's `Timestamp…` operators and `IsTimestamp` read them
 * (https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html, "Choice Rules"):
 * "Timestamps must conform to the RFC3339 profile of ISO 8601, with the further restrictions
 * that an uppercase T must separate the date and time portions, and an uppercase Z must denote
 * that a numeric time zone offset is not present, for example, 2016-08-18T17:33:00Z."
 *
 * So `2012-10-09T19:00:55Z` and `2012-10-09T19:00:55.123+01:00` are timestamps; a date alone
 * (`2023-02-24`), a date-time without a zone (`2012-10-09T19:00:55`), a space instead of `T`
 * (`2023-02-24 12:15:56.832957`), lower-case `t`/`z` and an offset without its colon are not.
 */

/** An instant: whole seconds since 1970-01-01T00:00:00Z and the nanoseconds within that second. */
export interface Instant {
  seconds: number;
  nanos: number;
}

// Fractions of up to nanoseconds; offsets within ±18:00 (what an ISO offset date-time allows).
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);

/**
 * The instant `text` stands for, or `undefined` when it is not a timestamp under the rule above
 * (also when a field is out of range, e.g. month 13, February 30, hour 24, offset +19:00).
 */
export function parseTimestamp(text: string): Instant | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', sign, offsetHours, offsetMinutes] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60) : 0;
  const offsetValid =
    !sign || (Number(offsetHours) <= 18 && Number(offsetMinutes) <= 59 && Math.abs(offset) <= 18 * 3600);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59 || !offsetValid) {
    return undefined;
  }
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return { seconds: date.getTime() / 1000 - offset, nanos: Number(fraction.padEnd(9, '0')) };
}

/** Whether `value` is a timestamp (a string `parseTimestamp` reads). */
export const isTimestamp = (value: unknown): value is string =>
  typeof value === 'string' && parseTimestamp(value) !== undefined;

/** Negative, zero or positive as `a` is before, at or after `b`. */
export const compareInstants = (a: Instant, b: Instant): number => a.seconds - b.seconds || a.nanos - b.nanos;
