/**
 * Limits for tests of a project that runs on this runtime, on a machine that may be busy with
 * other work: generous enough that a test about something else never fails for the machine's
 * load (speed is measured by benchmarks, never by tests).
 */

/**
 * How long an execution environment's Init may take in tests, in ms (Lambda's limit is 10 s, kept
 * by default and pinned by test/conformance/lambda-environment.test.ts): on a busy machine an
 * Init's wall time stretches far past its CPU time.
 */
export const TEST_INIT_LIMIT_MS = 120_000;

/**
 * How long a spawned command may run before a test kills it as hung, in ms: on a quiet machine the
 * commands take seconds, but with both cores busy one took four minutes (load average 21).
 */
export const PROCESS_TIMEOUT_MS = 600_000;
