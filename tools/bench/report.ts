/**
 * docs/benchmarks.md, written from the figures `npm run bench` printed (so the page never drifts
 * from a run), its summary table first. Sections written by hand at the end of the page
 * (the test suite timings), after KEPT_SECTIONS_MARKER, are kept.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { FunctionColdStart } from './cold-start';

export interface BenchmarkResult {
  bound_orders_per_s: number;
  orders_per_s: number;
  p50_ms: number;
  p95_ms: number;
  ratio_to_bound: number;
  db: { requests_per_s: number; requests_per_order: number; concurrency: number; mix: Record<string, number> };
  end_to_end: {
    orders: number;
    concurrency: number;
    seconds: number;
    failed: number;
    orders_per_s: number;
    p50_ms: number;
    p95_ms: number;
  };
  functions: Record<string, FunctionColdStart>;
  scenarios: Record<
    string,
    {
      status: string;
      transitions: number;
      /** Express children started and their billed duration (100 ms increments), from the parent's history. */
      express_requests?: number;
      express_billed_ms?: number;
      /** Standard transitions plus Express requests and duration, USD per order. */
      step_functions_usd_per_order?: number;
      lambda_invocations: number;
      dynamodb_requests: number;
      cost_per_million_orders_usd: number;
      /** The scenario's transition budget (its file's `expect.maxTransitions`), if it has one. */
      max_transitions?: number;
    }
  >;
  machine: { cpu: string; cores: number; memory_gib: number; node: string; java: string; platform: string };
  date: string;
  duration_s: number;
}

/** The hand-written part of docs/benchmarks.md, kept as it is when the bench rewrites the page. */
export const NOTES_START = '<!-- notes:start (written by hand; npm run bench keeps this part) -->';
export const NOTES_END = '<!-- notes:end -->';
const BUNDLE_GOAL_BYTES = 200 * 1024;

const table = (header: string[], rows: (string | number)[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const mark = (ok: boolean) => (ok ? 'met' : '**not met**');

/** The hand-written block of a page (markers included), or an empty one. */
export function notesOf(page: string): string {
  const start = page.indexOf(NOTES_START);
  const end = page.indexOf(NOTES_END);
  return start === -1 || end < start ? `${NOTES_START}\n\n${NOTES_END}` : page.slice(start, end + NOTES_END.length);
}

const ms = (value: number) => `${value} ms`;

export function renderBenchmarks(r: BenchmarkResult, notes = notesOf('')): string {
  const fns = Object.entries(r.functions);
  const bundlesOk = fns.every(([, f]) => f.bundle_bytes <= BUNDLE_GOAL_BYTES);
  const zipsOk = fns.every(([, f]) => f.zip_bytes <= BUNDLE_GOAL_BYTES);
  const initOk = fns.every(([, f]) => f.init_ratio <= 0.3);
  const happy = r.scenarios['happy-path'];
  return `# Benchmarks

Written by \`npm run bench\` on ${r.date} (${r.duration_s} s): the figures below are the ones that run printed.
Re-run it to refresh this page.

## Summary

${renderSummaryTable(r)}

## Machine

${r.machine.cores} × ${r.machine.cpu}, ${r.machine.memory_gib} GiB, ${r.machine.platform}, Node ${r.machine.node}, ${r.machine.java}.
Everything runs in one process on this machine: DynamoDB Local (a JVM), the SNS/SQS emulator, the state machine
runner and every handler. DynamoDB requests are counted on the wire by a pass-through in front of DynamoDB Local.

## Throughput against the DynamoDB bound

| figure | value |
|---|---|
| DynamoDB Local requests/s (project client, one order's request mix, best of concurrency ${r.end_to_end.concurrency} and ${r.end_to_end.concurrency * 4}: here ${r.db.concurrency}) | ${r.db.requests_per_s} |
| DynamoDB requests per happy-path order (counted) | ${r.db.requests_per_order} |
| **bound_orders_per_s** = requests/s ÷ requests per order | **${r.bound_orders_per_s}** |
| **orders_per_s**, ${r.end_to_end.orders} happy-path orders end to end, concurrency ${r.end_to_end.concurrency}, Wait states 0 | **${r.orders_per_s}** |
| p50 / p95 order latency | ${r.p50_ms} ms / ${r.p95_ms} ms |
| **ratio_to_bound** (goal ≥ 0.5: ${mark(r.ratio_to_bound >= 0.5)}) | **${r.ratio_to_bound}** |
| orders that did not complete | ${r.end_to_end.failed} |

Request mix of one order: ${Object.entries(r.db.mix)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ')}.

## Cold start

Bundle: the minified \`.cjs\` \`sls package\` builds for the default stage; zip: its deployment package (what a cold start
downloads), source map included where the stage ships one. Init: median module load time of that bundle in a fresh Node
process, against loading the unbundled TypeScript source through tsx (\`init_ratio\` = bundled ÷ source), split into the
AWS SDK packages the bundle leaves to the runtime (loaded from node_modules here) and the bundle's own code.
Goals: every bundle ≤ 200 KB (${mark(bundlesOk)}), every zip ≤ 200 KB (${mark(zipsOk)}), \`init_ratio\` ≤ 0.3 (${mark(initOk)}).

${table(
  ['function', 'bundle', 'zip', 'source map', 'init bundled', 'init source', 'init_ratio', 'SDK modules', 'own code'],
  fns.map(([name, f]) => [
    name,
    kb(f.bundle_bytes),
    kb(f.zip_bytes),
    kb(f.source_map_bytes),
    ms(f.init_ms_bundled),
    ms(f.init_ms_source),
    f.init_ratio,
    ms(f.init_ms_sdk_modules),
    ms(f.init_ms_own_code),
  ]),
)}

### Source maps

The same bundle built with a source map (\`sourcesContent: false\`), loaded without and with \`--enable-source-maps\`:
init, and a failing invocation (an error created in the bundle's code) up to its stack formatted, as the Lambda runtime
formats the stack of every error a function throws (a logger does the same for every error it logs): the first in a
fresh environment, then a second one.

${table(
  ['function', 'init', 'init, source maps', 'first error', 'first error, source maps', 'second error, source maps'],
  fns.map(([name, f]) => [
    name,
    ms(f.init_ms_without_source_maps),
    ms(f.init_ms_with_source_maps),
    ms(f.error_stack_ms_without_source_maps),
    ms(f.error_stack_ms_with_source_maps),
    ms(f.error_stack_again_ms_with_source_maps),
  ]),
)}

### What the bundles hold

The packages that weigh most in each bundle (bytes of minified output, esbuild metafile). The last columns compare the
two ways of treating the AWS SDK: inside the bundle, or left to the runtime (node_modules here, the Lambda runtime's own
copy in AWS).

${table(
  ['function', 'largest packages', 'SDK in bundle', 'init', 'SDK external', 'init'],
  fns.map(([name, f]) => [
    name,
    f.largest_packages.map((p) => `${p.name} ${kb(p.bytes)}`).join(', '),
    kb(f.sdk_bundled_bytes),
    ms(f.init_ms_sdk_bundled),
    kb(f.sdk_external_bytes),
    ms(f.init_ms_sdk_external),
  ]),
)}

## Cost per order, by scenario

Happy path: ${happy?.transitions ?? '?'} state transitions (budget ≤ ${happy?.max_transitions ?? '?'}, from \`events/workflow/happy-path.json\`: ${mark((happy?.transitions ?? Number.POSITIVE_INFINITY) <= (happy?.max_transitions ?? 0))}).
Prices: \`packages/offline-aws/src/cost/prices.json\` (dated list prices); \`npm run cost\` prints the breakdown.

${table(
  [
    'scenario',
    'execution',
    'transitions',
    'Express requests',
    'Express billed ms',
    'Step Functions USD per order',
    'Lambda invocations',
    'DynamoDB requests',
    'USD per million orders',
  ],
  Object.entries(r.scenarios).map(([name, s]) => [
    name,
    s.status,
    s.transitions,
    s.express_requests ?? '?',
    s.express_billed_ms ?? '?',
    s.step_functions_usd_per_order?.toFixed(7) ?? '?',
    s.lambda_invocations,
    s.dynamodb_requests,
    s.cost_per_million_orders_usd.toFixed(2),
  ]),
)}

${notes}
`;
}

/** The headline figures, one row. */
export function renderSummaryTable(r: BenchmarkResult): string {
  const fns = Object.values(r.functions);
  const largest = Math.max(...fns.map((f) => f.bundle_bytes));
  const largestZip = Math.max(...fns.map((f) => f.zip_bytes));
  const worstRatio = Math.max(...fns.map((f) => f.init_ratio));
  return table(
    [
      'bound_orders_per_s',
      'orders_per_s',
      'p50 / p95',
      'ratio_to_bound',
      'largest bundle',
      'largest zip',
      'worst init_ratio',
      'happy-path transitions',
    ],
    [
      [
        r.bound_orders_per_s,
        r.orders_per_s,
        `${r.p50_ms} / ${r.p95_ms} ms`,
        r.ratio_to_bound,
        kb(largest),
        kb(largestZip),
        worstRatio,
        r.scenarios['happy-path']?.transitions ?? '?',
      ],
    ],
  );
}

/** Written as `npm run format` would leave them, so `npm run lint` stays clean after a bench run. */
async function writeFormatted(file: string, markdown: string): Promise<void> {
  const { format, resolveConfig } = await import('prettier'); // loaded only when writing
  const options = (await resolveConfig(file)) ?? {};
  writeFileSync(file, await format(markdown, { ...options, filepath: file }));
}

export async function writeBenchmarkDocs(r: BenchmarkResult, root = process.cwd()): Promise<void> {
  const page = `${root}/docs/benchmarks.md`;
  let previous = '';
  try {
    previous = readFileSync(page, 'utf8');
  } catch {
    // first run: no hand-written notes yet
  }
  await writeFormatted(page, renderBenchmarks(r, notesOf(previous)));
}
