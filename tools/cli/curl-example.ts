/**
 * The one-line shell example `npm start` prints: a customer's token from `npm run token`, then the
 * order of events/workflow/happy-path.json placed through the local API with curl.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const EXAMPLE_SCENARIO = 'events/workflow/happy-path.json';

/** `value` as one single-quoted shell word. */
const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** `TOKEN=$(npm run --silent token -- --sub <customer>) && curl -X POST … <api>/orders`. */
export function curlExample(apiUrl: string, root: string = process.cwd()): string {
  const scenario = JSON.parse(readFileSync(resolve(root, EXAMPLE_SCENARIO), 'utf8')) as {
    customer?: string;
    order: unknown;
  };
  const customer = scenario.customer ?? 'cust_1';
  return (
    `TOKEN=$(npm run --silent token -- --sub ${customer}) && curl -X POST -H "Authorization: Bearer $TOKEN" ` +
    `-H 'content-type: application/json' -d ${shellQuote(JSON.stringify(scenario.order))} ${apiUrl}/orders`
  );
}
