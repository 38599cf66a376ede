'use strict';
/**
 * Runs in a fresh Node process for `npm run bench` (tools/bench/cold-start.ts), plain CommonJS so no
 * TypeScript loader is timed: `node [--enable-source-maps] init-probe.cjs <bundle> [<module>…]`.
 * Loads the given modules (the AWS SDK packages the bundle leaves to the runtime), then the bundle,
 * timing each; then invokes the handler with an event whose first property read throws, so the
 * error is created inside the bundle's code, and times the first and second formatting of such an
 * error's stack (what logging an error costs; with --enable-source-maps, Node maps every frame).
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
    },
  );
  const context = {
    functionName: 'bench',
    awsRequestId: 'bench',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:bench',
    getRemainingTimeInMillis: () => 10_000,
  };
  try {
    await handler(event, context);
  } catch {
    // the probe, or the error a middleware made of it
  }
  if (!probe) return { ms: Number.NaN, stack: '' };
  const start = process.hrtime.bigint();
  const stack = String(probe.stack);
  return { ms: ms(start), stack };
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
