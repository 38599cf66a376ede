/**
 * Writes test/support/durations.json, the test files' durations the sequencer (sequencer.cjs) orders
 * a run by when Jest has none cached (a fresh clone, CI):
 *
 *   npx jest --coverage --json --outputFile=/tmp/run.json && node test/support/update-durations.cjs /tmp/run.json
 *
 * Seconds per file (relative path), rounded to a tenth. Only the order of files depends on them.
 */
const { readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..', '..');
const [report] = process.argv.slice(2);
if (!report) {
  console.error('usage: node test/support/update-durations.cjs <jest --json output>');
  process.exit(2);
}
const { testResults } = JSON.parse(readFileSync(report, 'utf8'));
const durations = Object.fromEntries(
  testResults
    .map((result) => [relative(root, result.name), Math.round((result.endTime - result.startTime) / 100) / 10])
    .sort(([a], [b]) => a.localeCompare(b)),
);
writeFileSync(join(__dirname, 'durations.json'), `${JSON.stringify(durations, null, 2)}\n`);
console.log(`test/support/durations.json: ${Object.keys(durations).length} files`);
