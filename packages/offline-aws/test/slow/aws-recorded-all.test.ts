/**
 * Every execution recorded on real AWS (test/fixtures/aws-recorded/), those that wait in real time
 * included (Retry intervals, Wait states of seconds), held against the known differences
 * (test/conformance/aws-recorded/known-differences.json) as test/conformance/aws-recorded.test.ts
 * holds the fast ones.
 */
import { loadCorpus, waitsInRealTime } from '../conformance/aws-recorded/corpus';
import type { CaseResult } from '../conformance/aws-recorded/run-case';
import {
  keepingWarnings,
  ratchet,
  ratchetMessage,
  readKnownDifferences,
  runCases,
} from '../conformance/aws-recorded/suite';

const corpus = loadCorpus();
let results: CaseResult[] = [];

beforeAll(async () => {
  ({ value: results } = await keepingWarnings(() => runCases(corpus)));
});

test('every recorded case answers as AWS did, but for the known differences', () => {
  expect(results).toHaveLength(corpus.length);
  expect(corpus.some(waitsInRealTime)).toBe(true);
  expect(ratchetMessage(ratchet(results, readKnownDifferences()))).toBe('');
});
