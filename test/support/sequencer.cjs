/**
 * Jest's order of test files, with one change for a run without timings (a fresh clone, CI): Jest
 * then runs the biggest files first, and file size says little about duration here (the fault
 * matrix is a short file that runs for half a minute). Such a run uses the durations of a recent run
 * kept in durations.json (update-durations.cjs writes it): files it does not know first, by size,
 * as Jest runs new files first; then the longest first, so that no long file starts last. With
 * timings cached, Jest's own order (failed first, then slowest first) stands.
 */
const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const durations = require('./durations.json');

class RecordedDurationsSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) return sorted;
    const recorded = (test) => durations[relative(test.context.config.rootDir, test.path).split('\\').join('/')];
    // Array.prototype.sort is stable: unknown files keep Jest's size order among themselves.
    return sorted.sort((a, b) => (recorded(b) ?? Infinity) - (recorded(a) ?? Infinity));
  }
}

module.exports = RecordedDurationsSequencer;
