/** The curl line npm start prints (tools/cli/curl-example.ts): one shell line that places the happy-path order. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { curlExample } from '../../../tools/cli/curl-example';

it('quotes the order as one shell word, so the shell passes it to curl unchanged', () => {
  const line = curlExample('http://127.0.0.1:4000');
  expect(line).toMatch(/^TOKEN=\$\(npm run --silent token -- --sub cust_1001\) && curl -X POST /);
  expect(line).toMatch(/ http:\/\/127\.0\.0\.1:4000\/orders$/);
  const quoted = /-d ('.*') http/.exec(line)?.[1] ?? '';
  const echoed = execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });
  const scenario = JSON.parse(readFileSync('events/workflow/happy-path.json', 'utf8')) as { order: unknown };
  expect(JSON.parse(echoed)).toEqual(scenario.order);
});
