/**
 * Jest's order of test files, with two changes. The unit files (Jest's runner) come before the
 * stack files (jest-light-runner), whatever their timings. And for a run without timings (a fresh
 * clone, CI), Jest runs the biggest files first, and file size says little about duration here
 * (the fault matrix is a short file that runs for half a minute). Such a run uses the durations of
 * a recent run kept in durations.json (update-durations.cjs writes it): files it does not know
 * first, by size, as Jest runs new files first; then the longest first, so that no long file
 * starts last. With timings cached, Jest's own order (failed first, then slowest first) stands.
 */
const { relative } = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const durations = require('./durations.json');

/** Whether a test file runs on Jest's own runner (the unit project) rather than jest-light-runner. */
const onJestRunner = (test) => !String(test.context.config.runner).includes('jest-light-runner');

class RecordedDurationsSequencer extends Sequencer {
  sort(tests) {
    let sorted = super.sort(tests);
    if (!sorted.some((test) => test.duration != null)) {
      const recorded = (test) => durations[relative(test.context.config.rootDir, test.path).split('\\').join('/')];
      // Array.prototype.sort is stable: unknown files keep Jest's size order among themselves.
      sorted = sorted.sort((a, b) => (recorded(b) ?? Infinity) - (recorded(a) ?? Infinity));
    }
    // Jest runs the files of one runner after those of another, in the order the runners first
    // appear here: the unit files first, while the global setup (global-setup.ts) boots the
    // database and builds the bundles the stack files wait for.
    return [...sorted.filter(onJestRunner), ...sorted.filter((test) => !onJestRunner(test))];
  }
}

module.exports = RecordedDurationsSequencer;
