/**
 * The offline Step Functions against executions recorded on real AWS (test/fixtures/aws-recorded/,
 * whose README.md gives the source): each case's definition and input run in this process through
 * the package's API operations, and the answer — status, output, error, cause, the history's events
 * and their details — is compared with what AWS answered. A ratchet: the cases that differ today
 * are listed in aws-recorded/known-differences.json; a case that differs and is not listed fails
 * the test, and so does a listed case that now answers as AWS did (remove it from the list).
 *
 * The cases that wait in real time (Retry intervals, Wait states of seconds) run in
 * `npm run test:slow` only (test/slow/aws-recorded-all.test.ts).
 */
import { loadCorpus, waitsInRealTime } from './aws-recorded/corpus';
import type { CaseResult } from './aws-recorded/run-case';
import { keepingWarnings, ratchet, ratchetMessage, readKnownDifferences, runCases } from './aws-recorded/suite';

const corpus = loadCorpus();
const fast = corpus.filter((kase) => !waitsInRealTime(kase));
let results: CaseResult[] = [];
let warnings: Error[] = [];

beforeAll(async () => {
  ({ value: results, warnings } = await keepingWarnings(() => runCases(fast)));
});

test('the recorded cases that run fast answer as AWS did, but for the known differences', () => {
  expect(results).toHaveLength(fast.length);
  expect(ratchetMessage(ratchet(results, readKnownDifferences()))).toBe('');
});

test('the known differences name recorded cases only', () => {
  const names = new Set(corpus.map((kase) => kase.name));
  expect(Object.keys(readKnownDifferences()).filter((name) => !names.has(name))).toEqual([]);
});

test('running them warns of nothing but timers set in the past (Wait states whose timestamp has passed)', () => {
  expect(warnings.filter((warning) => warning.name !== 'TimeoutNegativeWarning').map(String)).toEqual([]);
});
