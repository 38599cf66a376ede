'use strict';
/**
 * Runs in a fresh Node process for `npm run bench` (tools/bench/cold-start.ts), plain CommonJS so no
 * TypeScript loader is timed: `node [--enable-source-maps] init-probe.cjs <bundle> [<module>…]`.
 * Loads the given modules (the AWS SDK packages the bundle leaves to the runtime), then the bundle,
 * timing each; then invokes the handler with an event whose first property read throws, so the
 * error is created inside the bundle's code, and times that failing invocation up to its error's
 * stack being formatted (as the Lambda runtime formats a thrown error's stack; with
 * --enable-source-maps Node parses the map on the first one and maps every frame), twice.
 * Prints one JSON line: { modules_ms, bundle_ms, first_stack_ms, second_stack_ms, mapped_frames }.
 */
const [bundle, ...modules] = process.argv.slice(2);
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

async function probeStack(handler) {
  let probe;
  const event = new Proxy(
    {},
    {
      get() {
        probe ??= new Error('bench probe');
        throw probe;
      },
      has() {
        probe ??= new Error('bench probe');
        throw probe;
      },
      // The HTTP handlers' chain copies the event first (a spread reads its keys, not its properties).
      ownKeys() {
        probe ??= new Error('bench probe');
        throw probe;
      },
    },
  );
  const context = {
    functionName: 'bench',
    awsRequestId: 'bench',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:bench',
    getRemainingTimeInMillis: () => 10_000,
  };
  const start = process.hrtime.bigint();
  try {
    await handler(event, context);
  } catch {
    // the probe, or the error a middleware made of it
  }
  // The Lambda runtime formats the stack of an error a handler throws (its response's stackTrace).
  const stack = probe ? String(probe.stack) : '';
  return { ms: probe ? ms(start) : Number.NaN, stack };
}

async function main() {
  let start = process.hrtime.bigint();
  for (const name of modules) require(name);
  const modulesMs = ms(start);
  start = process.hrtime.bigint();
  const loaded = require(bundle);
  const bundleMs = ms(start);
  const first = await probeStack(loaded.handler);
  const second = await probeStack(loaded.handler);
  const mappedFrames = first.stack.split('\n').filter((line) => /\.ts:\d+:\d+/.test(line)).length;
  process.stdout.write(
    `${JSON.stringify({
      modules_ms: modulesMs,
      bundle_ms: bundleMs,
      first_stack_ms: first.ms,
      second_stack_ms: second.ms,
      mapped_frames: mappedFrames,
    })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
