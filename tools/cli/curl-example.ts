/**
 * The shell example `npm start` prints: a customer's token from `npm run token`, then the order of
 * events/workflow/happy-path.json placed through the local API with curl. One command over a few
 * lines (the order's JSON, one field a line, inside one single-quoted word), so that no line the
 * command prints is longer than 200 characters and a field is easy to change before running it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const EXAMPLE_SCENARIO = 'events/workflow/happy-path.json';

/** `value` as one single-quoted shell word. */
const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** The order, one top-level field a line. */
const orderJson = (order: unknown): string =>
  order !== null && typeof order === 'object' && !Array.isArray(order)
    ? `{\n${Object.entries(order)
        .map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
        .join(',\n')}\n}`
    : JSON.stringify(order);

/** `TOKEN=$(npm run --silent token -- --sub <customer>) && curl -X POST … -d '{…}' <api>/orders`. */
export function curlExample(apiUrl: string, root: string = process.cwd()): string {
  const scenario = JSON.parse(readFileSync(resolve(root, EXAMPLE_SCENARIO), 'utf8')) as {
    customer?: string;
    order: unknown;
  };
  const customer = scenario.customer ?? 'cust_1';
  return (
    `TOKEN=$(npm run --silent token -- --sub ${customer}) && curl -X POST -H "Authorization: Bearer $TOKEN" ` +
    `-H 'content-type: application/json' -d ${shellQuote(orderJson(scenario.order))} ${apiUrl}/orders`
  );
}
