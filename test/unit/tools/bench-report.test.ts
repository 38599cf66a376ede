/** The benchmark report written to docs/benchmarks.md. */
import { NOTES_END, NOTES_START, notesOf, renderBenchmarks, type BenchmarkResult } from '../../../tools/bench/report';

describe('renderBenchmarks', () => {
  it('prints the measured figures and says which goals are not met', () => {
    const result: BenchmarkResult = {
      bound_orders_per_s: 10,
      orders_per_s: 4,
      p50_ms: 100,
      p95_ms: 200,
      ratio_to_bound: 0.4,
      db: { requests_per_s: 210, requests_per_order: 21, concurrency: 16, mix: { GetItem: 10 } },
      end_to_end: { orders: 300, concurrency: 16, seconds: 75, failed: 0, orders_per_s: 4, p50_ms: 100, p95_ms: 200 },
      functions: {
        createOrder: {
          bundle_bytes: 300 * 1024,
          zip_bytes: 150 * 1024,
          source_map_bytes: 0,
          init_ms_sdk_modules: 30,
          init_ms_own_code: 20,
          init_ms_without_source_maps: 50,
          init_ms_with_source_maps: 60,
          error_stack_ms_without_source_maps: 0.5,
          error_stack_ms_with_source_maps: 120,
          error_stack_again_ms_with_source_maps: 0.3,
          largest_packages: [{ name: 'zod', bytes: 30 * 1024 }],
          init_ms_bundled: 50,
          init_ms_source: 500,
          init_ratio: 0.1,
          sdk_bundled_bytes: 300 * 1024,
          init_ms_sdk_bundled: 50,
          sdk_external_bytes: 100,
          init_ms_sdk_external: 60,
        },
      },
      scenarios: {
        'happy-path': {
          status: 'SUCCEEDED',
          transitions: 12,
          lambda_invocations: 9,
          dynamodb_requests: 21,
          cost_per_million_orders_usd: 318,
        },
      },
      machine: { cpu: 'cpu', cores: 2, memory_gib: 24, node: 'v24', java: 'java 17', platform: 'linux x64' },
      date: '2026-11-26T00:00:00.000Z',
      duration_s: 100,
    };
    const notes = `${NOTES_START}\nBefore and after, by hand.\n${NOTES_END}`;
    const page = renderBenchmarks(result, notesOf(`# old page\n${notes}\nold figures`));
    expect(page).toContain('| 10 | 4 | 100 / 200 ms | 0.4 | 300 KB | 150 KB | 0.1 | 12 |');
    expect(page.indexOf('## Summary')).toBeLessThan(page.indexOf('## Machine'));
    expect(page).toContain('**ratio_to_bound** (goal ≥ 0.5: **not met**)');
    expect(page).toContain('every bundle ≤ 200 KB (**not met**)');
    expect(page).toContain('every zip ≤ 200 KB (met)');
    expect(page).toContain('`init_ratio` ≤ 0.3 (met)');
    expect(page).toContain('| createOrder | 300 KB | 150 KB | 0 KB | 50 ms | 500 ms | 0.1 | 30 ms | 20 ms |');
    expect(page).toContain('| createOrder | 50 ms | 60 ms | 0.5 ms | 120 ms | 0.3 ms |');
    expect(page).toContain('| createOrder | zod 30 KB |');
    // The hand-written part survives a rewrite, once.
    expect(page.endsWith(`${notes}\n`)).toBe(true);
    expect(page.split(NOTES_START)).toHaveLength(2);
  });
});
