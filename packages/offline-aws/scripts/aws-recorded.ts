/**
 * Runs the executions recorded on real AWS Step Functions (test/fixtures/aws-recorded/) on the
 * offline engine in this process, and prints `SAME <case>` or `DIFF <case>: <first difference>`
 * for each, then `N/M same`.
 *
 *   npx tsx packages/offline-aws/scripts/aws-recorded.ts [--area a,b] [--only name,name] [--strict] [--write-known]
 *
 * --area, --only  run these areas / cases only (comma-separated)
 * --strict        also judge the history's shape (event ids, previousEventId, *Details flags)
 * --write-known   rewrite test/conformance/aws-recorded/known-differences.json from this run (the
 *                 ratchet the conformance test holds the engine to); only with every case, not strict
 */
import { parseArgs } from 'node:util';
import { loadCorpus, selectCases } from '../test/conformance/aws-recorded/corpus';
import {
  ratchet,
  ratchetMessage,
  readKnownDifferences,
  runCases,
  writeKnownDifferences,
} from '../test/conformance/aws-recorded/suite';

const { values } = parseArgs({
  options: {
    area: { type: 'string' },
    only: { type: 'string' },
    strict: { type: 'boolean', default: false },
    'write-known': { type: 'boolean', default: false },
  },
});
const list = (value: string | undefined) => (value ?? '').split(',').filter(Boolean);

const cases = selectCases(loadCorpus(), list(values.area), list(values.only));
const everything = cases.length === loadCorpus().length;
if (values['write-known'] && (!everything || values.strict)) {
  console.error(
    '--write-known records the verdicts of every case, not strict: run it without --area, --only, --strict',
  );
  process.exit(2);
}
if (!cases.length) {
  console.error('no recorded case matches --area / --only');
  process.exit(2);
}

const started = Date.now();
const results = await runCases(cases, { strict: values.strict }, (r) =>
  console.log(r.verdict === 'SAME' ? `SAME ${r.name}` : `DIFF ${r.name}: ${r.first ?? ''}`),
);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
const same = results.filter((r) => r.verdict === 'SAME').length;
const histories = results.filter((r) => r.shape !== undefined);
const shapes = `${histories.filter((r) => r.shape === 'ok').length}/${histories.length}`;
const areas = [...new Set(results.map((r) => r.area))].map((area) => {
  const of = results.filter((r) => r.area === area);
  return `${area} ${of.filter((r) => r.verdict === 'SAME').length}/${of.length}`;
});
console.log(`# ${areas.join(', ')}`);
console.log(
  `# ${seconds}s; history shape (ids, previousEventId, *Details flags) the same in ${shapes} compared histories${values.strict ? '' : ' (judged with --strict)'}`,
);
if (values['write-known']) {
  writeKnownDifferences(results);
  console.log(`# known-differences.json: ${results.length - same} cases`);
} else if (everything && !values.strict) {
  const message = ratchetMessage(ratchet(results, readKnownDifferences()));
  if (message) console.log(`# ${message.split('\n').join('\n# ')}`);
}
console.log(`${same}/${results.length} same`);
