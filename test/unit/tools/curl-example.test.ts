/** The curl command npm start prints (tools/cli/curl-example.ts): one shell command that places the happy-path order. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { curlExample } from '../../../tools/cli/curl-example';

it('quotes the order as one shell word, so the shell passes it to curl unchanged', () => {
  const line = curlExample('http://127.0.0.1:4000');
  expect(line).toMatch(/^TOKEN=\$\(npm run --silent token -- --sub cust_1001\) && curl -X POST /);
  expect(line).toMatch(/ http:\/\/127\.0\.0\.1:4000\/orders$/);
  const quoted = /-d ('.*') http/s.exec(line)?.[1] ?? '';
  const echoed = execFileSync('sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' });
  const scenario = JSON.parse(readFileSync('events/workflow/happy-path.json', 'utf8')) as { order: unknown };
  expect(JSON.parse(echoed)).toEqual(scenario.order);
});

it('prints no line longer than 200 characters', () => {
  const lines = curlExample('http://127.0.0.1:40000').split('\n');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.filter((line) => line.length > 200)).toEqual([]);
});
