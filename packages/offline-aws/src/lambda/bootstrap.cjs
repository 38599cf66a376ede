'use strict';
/**
 * The runtime inside one offline execution environment (a worker thread started by
 * src/lambda/pool.ts), in the role of Lambda's Node.js runtime:
 *
 * - Init: loads the function's bundle (its module code runs here, once per environment) and
 *   reports `{ type: 'ready', initDurationMs }`, or `{ type: 'initError', error }`.
 * - Invoke: for each `{ type: 'invoke', requestId, payload, deadline, context }` message (payload:
 *   the event as JSON; deadline: epoch ms), calls the handler with the event and a context whose
 *   getRemainingTimeInMillis() counts down to the deadline, and answers `{ type: 'result',
 *   requestId, payload }` (the result as JSON, `null` for undefined) or `{ type: 'error',
 *   requestId, error }`.
 *
 * Errors are reported as the Node.js runtime reports a function error: `{ errorType, errorMessage,
 * trace }` (name, message, stack lines; other properties of the error are not carried), see
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html. An unhandled promise
 * rejection fails the current invocation with `Runtime.UnhandledPromiseRejection` and ends the
 * environment, as the runtime does.
 *
 * workerData: `{ file, exportName, sourceMaps, compileCache }` (absolute bundle path, handler export
 * name, whether NODE_OPTIONS asked for --enable-source-maps, the directory of V8's compile cache or
 * undefined).
 */
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const { performance } = require('node:perf_hooks');

/** `{ errorType, errorMessage, trace }` for anything a handler may throw. */
function toLambdaError(error) {
  if (error instanceof Error || (error !== null && typeof error === 'object' && 'message' in error)) {
    return {
      errorType: String(error.name || 'Error'),
      errorMessage: String(error.message),
      trace: typeof error.stack === 'string' ? error.stack.split('\n') : [],
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

let current;

process.on('unhandledRejection', (reason) => {
  const error = toLambdaError(reason);
  parentPort.postMessage({
    type: 'error',
    requestId: current,
    error: {
      ...error,
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: `${error.errorType}: ${error.errorMessage}`,
    },
    fatal: true,
  });
  process.exit(1);
});

/**
 * V8's compile cache in `directory` (https://nodejs.org/api/module.html#module-compile-cache), when
 * given. Node writes it when the thread exits, which a terminated environment never does: the
 * returned function writes what was compiled so far (after Init, and after the first invocation,
 * which loads what the AWS SDK requires lazily).
 */
function useCompileCache(directory) {
  if (!directory) return () => undefined;
  const nodeModule = require('node:module');
  nodeModule.enableCompileCache?.(directory);
  return () => nodeModule.flushCompileCache?.();
}
const flushCompileCache = useCompileCache(workerData.compileCache);

async function load() {
  const { file, exportName } = workerData;
  const module = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : require(file);
  const handler = module[exportName];
  if (typeof handler !== 'function') {
    const error = new Error(`${file} does not export a function "${exportName}"`);
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  return handler;
}

async function main() {
  if (workerData.sourceMaps) process.setSourceMapsEnabled(true);
  const started = performance.now();
  let handler;
  try {
    handler = await load();
  } catch (error) {
    parentPort.postMessage({
      type: 'initError',
      initDurationMs: performance.now() - started,
      error: toLambdaError(error),
    });
    return;
  }
  flushCompileCache();
  let invoked = false;
  parentPort.on('message', async (message) => {
    if (message.type !== 'invoke') return;
    current = message.requestId;
    const { deadline } = message;
    const context = {
      ...message.context,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      // Deprecated callbacks of the Node.js context: kept as no-ops, async handlers return instead.
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    try {
      const result = await handler(JSON.parse(message.payload), context);
      const payload = result === undefined ? 'null' : JSON.stringify(result);
      parentPort.postMessage({ type: 'result', requestId: message.requestId, payload });
    } catch (error) {
      parentPort.postMessage({ type: 'error', requestId: message.requestId, error: toLambdaError(error) });
    }
    if (!invoked) {
      invoked = true;
      flushCompileCache();
    }
  });
  parentPort.postMessage({ type: 'ready', initDurationMs: performance.now() - started });
}

main();
