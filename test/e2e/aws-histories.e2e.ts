/**
 * The console opening executions recorded on real AWS (packages/offline-aws/test/fixtures/
 * aws-histories/: the files `aws stepfunctions describe-state-machine` and
 * `get-execution-history` write), in a real browser as test/e2e/console.e2e.ts does: a Map that
 * failed (caught and not), a retried Map, variables, a Distributed Map with its Map Runs.
 * Screenshots: test-results/e2e/aws-*.png.
 *
 * Not part of `npm test`: it needs Chromium and a running system (`npm run test:e2e`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openConsole, SCREENSHOTS, type ConsoleSession, type RunningSystem } from './system';

const FIXTURES = join('packages', 'offline-aws', 'test', 'fixtures', 'aws-histories');

let system: RunningSystem;
let session: ConsoleSession | undefined;
let page: Page;

/** Opens a recorded execution from its two files, as a person does on the console's file page. */
async function openRecorded(name: string): Promise<void> {
  // A fresh page: the file view of the execution opened before would answer the waits below.
  await page.goto('about:blank');
  await page.goto(`${system.consoleUrl}/#/file`);
  await page.setInputFiles('#definition-file', join(FIXTURES, `${name}.definition.json`));
  await page.setInputFiles('#history-file', join(FIXTURES, `${name}.history.json`));
  await page.waitForSelector('#execution-status');
}

const state = (name: string) => page.locator(`g.state[data-state="${name}"]`);
const stateClass = async (name: string) => (await state(name).getAttribute('class')) ?? '';

async function select(name: string): Promise<void> {
  // Near the top-left corner, where a Map's or Parallel's name is (its states cover its middle).
  await state(name).click({ position: { x: 24, y: 14 } });
  await page.waitForSelector(`#state-title:text-is("${name}")`);
}

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `aws-${name}.png`), fullPage: true });

describe('recorded AWS histories in the console', () => {
  before(async () => {
    session = await openConsole();
    ({ system, page } = session);
  });
  after(() => session?.close());

  it('speaks of an execution, not an order, for a state machine that is not the project’s', async () => {
    await openRecorded('map-failed-caught');
    const title = (await page.textContent('.execution-header h2')) ?? '';
    assert.match(title, /^Execution map-failed-caught/);
    assert.doesNotMatch((await page.textContent('#main')) ?? '', /Order|order's records/);
    assert.equal(await page.textContent('[data-fact="State machine"]'), 'map-failed-caught');
  });

  it('shows a caught Map as failed and caught, with the error of its iteration', async () => {
    await openRecorded('map-failed-caught');
    assert.match(await stateClass('MapState'), /status-caught/);
    assert.match(await stateClass('HandleItemFail'), /status-failed/);
    assert.match(await stateClass('FinalCaught'), /status-succeeded/);
    await select('MapState');
    assert.match((await page.textContent('#state-error')) ?? '', /HandleItemFailError.*HandleItemFailCause/s);
    assert.match((await page.textContent('table.iterations-table caption')) ?? '', /1 failed/);
    await shot('map-failed-caught');
  });

  it('shows an uncaught Map as failed, and the banner goes to the Fail state inside it', async () => {
    await openRecorded('map-failed-uncaught');
    assert.match(await stateClass('MapState'), /status-failed/);
    // A state that did not run is hidden once the execution has ended, until the toggle shows it.
    assert.equal(await state('CaughtNone').count(), 0);
    await page.uncheck('#hide-not-run');
    assert.match(await stateClass('CaughtNone'), /status-notRun/);
    await page.click('#jump-to-failure');
    await page.waitForSelector('#state-title:text-is("HandleItemFail")');
    await shot('map-failed-uncaught');
  });

  it('closes every attempt of a retried Map, with its iterations per attempt', async () => {
    await openRecorded('map-retried');
    assert.match(await stateClass('MapState'), /status-failed/);
    assert.match((await state('MapState').locator('.badge').textContent()) ?? '', /↻2/);
    await select('MapState');
    const outcomes = await page.locator('table.attempts tbody tr td:nth-child(2)').allTextContents();
    assert.deepEqual(outcomes, ['failed', 'failed', 'failed']);
    assert.doesNotMatch((await page.textContent('#state-panel')) ?? '', /running…/);
    assert.equal(await page.locator('table.iterations-table').count(), 3);
    await shot('map-retried');
  });

  it('shows Map iterations one by one, and each entry of a state inside it', async () => {
    await openRecorded('map-iterations');
    await select('MapState');
    const rows = await page.locator('table.iterations-table tbody tr').count();
    assert.equal(rows, 5);
    assert.match((await page.textContent('table.iterations-table caption')) ?? '', /2 not started/);
    assert.match((await page.textContent('tr[data-iteration="4"]')) ?? '', /Equals3 → Break ✕/);
    await shot('map-iterations');
    await select('Equals3');
    assert.equal(await page.locator('details.entry').count(), 5);
  });

  it('shows the variables each state assigned', async () => {
    await openRecorded('map-variables');
    await select('State0');
    assert.match((await page.textContent('tr[data-variable="x"]')) ?? '', /\$x\s*42/);
    assert.match((await page.textContent('tr[data-variable="items"]')) ?? '', /\$items/);
    await select('Inner');
    assert.equal(await page.locator('details.entry').count(), 3);
    assert.match((await page.textContent('details.entry[open] tr[data-variable="innerX"]')) ?? '', /42/);
    await shot('variables');
  });

  it('shows a Distributed Map’s Map Runs, and its item processor as run in them', async () => {
    await openRecorded('distributed-map');
    assert.match(await stateClass('IterationBody'), /status-succeeded/);
    assert.match(await stateClass('ProcessValue'), /status-inMapRun/);
    await select('IterationBody');
    assert.match((await page.textContent('table.map-runs-table')) ?? '', /succeeded/);
    assert.equal(await page.locator('details.entry').count(), 3);
    await shot('distributed-map');
    await select('ProcessValue');
    assert.match((await page.textContent('#state-panel')) ?? '', /child executions/);
  });

  it('places an EvaluationFailed on the state it names', async () => {
    await openRecorded('evaluation-failed');
    assert.match(await stateClass('State2'), /status-failed/);
    assert.match(await stateClass('State1'), /status-succeeded/);
    await page.click('#jump-to-failure');
    await page.waitForSelector('#state-title:text-is("State2")');
    assert.match((await page.textContent('#state-error')) ?? '', /States\.QueryEvaluationError in Output\/result/);
    await shot('evaluation-failed');
  });

  // ELK's layered layout orders the branches of a Parallel by its crossing minimisation; the page
  // puts them back in the definition's order (orderBranches in page/graph-layout.ts).
  it('draws Parallel branches in the definition’s order', async () => {
    await openRecorded('parallel-branches');
    const x = async (name: string) => (await state(name).boundingBox())?.x ?? Number.NaN;
    const [first, second, third] = [await x('Branch1'), await x('Branch21'), await x('Branch31')];
    assert.ok(first < second && second < third, `branches drawn at x ${first}, ${second}, ${third}`);
    await shot('parallel-branches');
  });
});
