/**
 * Jest's order of test files, with one change for a run without timings (a fresh clone, CI): Jest
 * then runs the biggest files first, whatever they do. Here the integration files go first, then
 * conformance, then unit (biggest first within each): the long runs (packaging, processes, the
 * embedded stack) start at once on both workers and the many short unit files fill the end, instead
 * of a long integration file starting last. With timings cached, Jest's own order (failed first,
 * then slowest first) stands.
 */
const Sequencer = require('@jest/test-sequencer').default;

/** Larger runs first: integration (and test/slow), conformance, unit. */
function weight(path) {
  if (/[\\/]test[\\/](integration|slow)[\\/]/.test(path)) return 2;
  if (/[\\/]test[\\/]conformance[\\/]/.test(path)) return 1;
  return 0;
}

class ProjectsFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    // Any timing cached: Jest's order. None: biggest first, reordered by weight
    // (Array.prototype.sort is stable, so size order stays within a weight).
    if (sorted.some((test) => test.duration != null)) return sorted;
    return sorted.sort((a, b) => weight(b.path) - weight(a.path));
  }
}

module.exports = ProjectsFirstSequencer;
