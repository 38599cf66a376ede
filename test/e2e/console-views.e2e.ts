/**
 * The console's views of a whole saga in a real browser (`npm run test:e2e`, with console.e2e.ts):
 * the graph fitted, zoomed and panned, the states that did not run hidden, the catch edges folded;
 * the table and the timeline of the steps; the search of the list; a state machine created through
 * the SDK listed, picked and opened. Screenshots: test-results/e2e/views-*.png.
 *
 * Not part of `npm test`: it needs Chromium (`apt-get install -y chromium`) and takes a minute.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { CreateStateMachineCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Page } from 'playwright-core';
import { CONSOLE_KEY_HEADER } from 'offline-aws/console/guard';
import { openConsole, placeOrderFromForm, SCREENSHOTS, type ConsoleSession, type RunningSystem } from './system';

const ENDING_MS = 120_000;
/** Date, time with milliseconds: the console's format of an instant (`2025-05-02 14:03:05.123`). */
const STAMP = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/;

let system: RunningSystem;
let session: ConsoleSession | undefined;
let page: Page;
const executions: Record<string, string> = {};

/** Places a sample order from the form and waits for its execution to end; returns its page's hash. */
async function placeOrder(sample: string, edit: (order: Record<string, unknown>) => void, status: string) {
  await placeOrderFromForm(page, system.consoleUrl, sample, edit);
  await page.waitForSelector(`#execution-status:text-is("${status}")`, { timeout: ENDING_MS });
  return new URL(page.url()).hash;
}

const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `views-${name}.png`), fullPage: true });

/** The drawing's box and the viewport's, in page pixels. */
async function boxes() {
  const drawing = await page.locator('#graph-viewport svg.graph').boundingBox();
  const viewport = await page.locator('#graph-viewport').boundingBox();
  assert.ok(drawing && viewport, 'the graph and its viewport are shown');
  return { drawing, viewport };
}

const inside = (inner: { x: number; y: number; width: number; height: number }, outer: typeof inner) =>
  inner.x >= outer.x - 1 &&
  inner.y >= outer.y - 1 &&
  inner.x + inner.width <= outer.x + outer.width + 1 &&
  inner.y + inner.height <= outer.y + outer.height + 1;

/** The drawing's box once the zoom's transition (200 ms) has ended: the same twice 150 ms apart. */
async function settled() {
  let last = JSON.stringify((await boxes()).drawing);
  for (;;) {
    await page.waitForTimeout(150);
    const now = JSON.stringify((await boxes()).drawing);
    if (now === last) return (await boxes()).drawing;
    last = now;
  }
}

const zoomLevel = async () => Number(((await page.textContent('#zoom-level')) ?? '').replace(/\D/g, ''));

/** Resolves once `condition` holds, checking every 200 ms. */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await page.waitForTimeout(200);
  }
}

describe('the console views of an execution', () => {
  before(async () => {
    session = await openConsole();
    ({ system, page } = session);
  });
  after(() => session?.close());

  it('fits the whole saga to the view, zooms, pans, and hides the states that did not run', async () => {
    executions.declined = await placeOrder('payment-declined', () => undefined, 'FAILED');
    // Ended: the states that did not run are hidden, and the graph fits the view.
    await page.waitForSelector('#hide-not-run:checked');
    await page.waitForSelector('g.state[data-state="AuthorizePayment"]');
    assert.equal(await page.locator('g.state[data-state="CreateShipment"]').count(), 0);
    await until(async () => inside((await boxes()).drawing, (await boxes()).viewport), 'the graph fits');
    await shot('graph-ran');

    await page.uncheck('#hide-not-run');
    await page.waitForSelector('g.state[data-state="CreateShipment"].status-notRun');
    await until(async () => inside((await boxes()).drawing, (await boxes()).viewport), 'the whole saga fits');
    // The Catch transitions into a shared target are one "on error" node, not a dashed line each.
    assert.ok((await page.locator('g.catch-group').count()) >= 2);
    assert.equal(await page.locator('path[data-edge="CaptureAndShip->CancelShipment"]').count(), 0);
    assert.equal(await page.locator('g.state[data-state="CaptureAndShip"] text.port').count(), 1);
    await page.waitForSelector('g.catch-group.taken[data-catch="CancelShipment"]');
    await shot('graph-fitted');

    const fitted = await zoomLevel();
    assert.ok(fitted < 100, `the saga is shown below 100 % (${fitted} %)`);
    await page.click('#graph-zoom-in');
    await until(async () => (await zoomLevel()) > fitted, 'zoom in takes effect');
    await page.focus('#graph-viewport');
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    await until(async () => (await zoomLevel()) < fitted, 'the - key zooms out');
    const before = await settled();
    await page.keyboard.press('ArrowRight');
    await until(async () => (await boxes()).drawing.x < before.x - 10, 'the arrow key pans');
    const undragged = await settled();
    const { viewport } = await boxes();
    await page.mouse.move(viewport.x + 40, viewport.y + 40);
    await page.mouse.down();
    await page.mouse.move(viewport.x + 140, viewport.y + 90, { steps: 5 });
    await page.mouse.up();
    await until(async () => (await boxes()).drawing.x > undragged.x + 50, 'dragging pans');
    await page.mouse.move(viewport.x + viewport.width / 2, viewport.y + viewport.height / 2);
    const unwheeled = await zoomLevel();
    await page.mouse.wheel(0, -300);
    await until(async () => (await zoomLevel()) > unwheeled, 'the wheel zooms in');
    await page.click('#graph-reset');
    await until(async () => (await zoomLevel()) === 100, '100 %');
    await page.locator('#graph-viewport').screenshot({ path: join(SCREENSHOTS, 'views-graph-100.png') });
    await page.click('#graph-fit');
    await until(async () => (await zoomLevel()) === fitted, 'fit again');
    // A state is still selected by a click on the zoomed drawing.
    await page.click('g.state[data-state="AuthorizePayment"]');
    await page.waitForSelector('#state-title:text("AuthorizePayment")');
  });

  it('shows the steps as a table with date and milliseconds, sortable', async () => {
    await page.click('#tab-table');
    const table = page.locator('#steps-table');
    await table.waitFor();
    const row = table.locator('tr[data-step="AuthorizePayment#1"]');
    assert.match((await row.locator('[data-status]').getAttribute('data-status')) ?? '', /failed/);
    assert.match((await row.textContent()) ?? '', /PaymentDeclined/);
    assert.match((await row.locator('td.time').textContent()) ?? '', STAMP);
    assert.match((await table.locator('thead').textContent()) ?? '', /Started \(.*UTC[+-]\d\d:\d\d\)/);
    const states = await table.locator('tbody tr').count();
    assert.ok(states >= 8, `${states} steps`);
    await page.click('button[data-sort="durationMs"]');
    await page.click('button[data-sort="durationMs"]');
    await page.waitForSelector('th[aria-sort="descending"] button[data-sort="durationMs"]');
    const durations = await table
      .locator('tbody td[data-ms]')
      .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-ms'))));
    assert.deepEqual(
      durations,
      [...durations].sort((a, b) => b - a),
      'the longest first',
    );
    await shot('table');
    await page.click('button[data-sort="startedAt"]');
  });

  it('shows the execution as a timeline, the waits visible', async () => {
    executions.happy = await placeOrder('happy-path', (order) => (order.fulfilmentWindowSeconds = 2), 'SUCCEEDED');
    await page.click('#tab-timeline');
    await page.waitForSelector('#timeline .tl-row[data-step="FulfilmentWindow#1"] .seg-wait');
    const wait = await page.locator('.tl-row[data-step="FulfilmentWindow#1"] .seg-wait').boundingBox();
    const track = await page.locator('.tl-row[data-step="FulfilmentWindow#1"] .tl-track').boundingBox();
    // The wait is drawn to scale: its share of the track is 2 s of the execution's duration (the
    // caption's "(3.7 s)"), however long a busy machine made the rest take.
    const seconds = Number(/\((\d+(?:\.\d+)?) s\)/.exec((await page.textContent('.tl-caption')) ?? '')?.[1]);
    assert.ok(wait && track && seconds > 0, 'the wait, its track and the duration are shown');
    assert.ok(Math.abs(wait.width / track.width - 2 / seconds) < 0.1, 'the 2 s wait is drawn to scale');
    assert.ok((await page.locator('#timeline .seg-attempt').count()) >= 5, 'the calls are drawn');
    assert.match((await page.textContent('.tl-caption')) ?? '', STAMP);
    // The same steps as the table, in the order they happened.
    const steps = await page
      .locator('#timeline [data-step]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-step')));
    assert.equal(steps[0], 'AssessRisk#1');
    assert.ok(steps.includes('CreateShipment#1'));
    await shot('timeline');
    await page.click('.tl-row[data-step="CapturePayment#1"] .tl-label');
    await page.waitForSelector('#state-title:text("CapturePayment")');
    await page.click('#tab-graph');
  });

  it('searches the executions by id and name', async () => {
    await page.goto(`${system.consoleUrl}/#/`);
    await until(async () => (await page.locator('#executions tr[data-execution]').count()) === 2, '2 executions');
    const name =
      decodeURIComponent(executions.declined ?? '')
        .split(':')
        .at(-1) ?? '';
    await page.fill('#execution-search', name);
    await until(async () => (await page.locator('#executions tr[data-execution]').count()) === 1, 'one match');
    assert.equal(await page.locator('#executions tr[data-execution]').getAttribute('data-execution'), name);
    assert.match((await page.textContent('#executions')) ?? '', STAMP);
    // Words of the input are searched too: the declined order's payment token.
    await page.fill('#execution-search', 'tok_chargeDeclined');
    await until(async () => (await page.locator('#executions tr[data-execution]').count()) === 1, 'input match');
    await page.fill('#execution-search', 'no-such-execution');
    await page.waitForSelector('#no-executions:text("matches")');
    await shot('search');
    await page.fill('#execution-search', '');
  });

  it('lists a state machine created through the SDK and opens its execution', async () => {
    const config = await fetch(`${system.consoleUrl}/config.json`, {
      headers: { [CONSOLE_KEY_HEADER]: system.consoleKey },
    });
    const { region } = (await config.json()) as { region: string };
    const sfn = new SFNClient({
      region,
      endpoint: system.endpoints.stepfunctions,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const definition = {
      StartAt: 'Prepare',
      States: {
        Prepare: { Type: 'Pass', Result: { ready: true }, ResultPath: '$.prepared', Next: 'Pause' },
        Pause: { Type: 'Wait', Seconds: 1, Next: 'Both' },
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
            { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
          ],
          Next: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'views-e2e-machine',
        definition: JSON.stringify(definition),
        roleArn: `arn:aws:iam::123456789012:role/views-e2e`,
      }),
    );
    await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'views-e2e-run', input: '{"ticketId":"T-4711"}' }),
    );
    await page.goto(`${system.consoleUrl}/#/`);
    await page.waitForSelector(`#state-machine option[value="${stateMachineArn}"]`, { state: 'attached' });
    await page.selectOption('#state-machine', stateMachineArn ?? '');
    await page.waitForURL(/#\/machine\//);
    await page.waitForSelector('#executions tr[data-execution="views-e2e-run"]');
    await page.fill('#execution-search', 'T-4711');
    await until(async () => (await page.locator('#executions tr[data-execution]').count()) === 1, 'the id matches');
    await page.waitForSelector('#executions tr[data-execution="views-e2e-run"] .exec-SUCCEEDED', {
      timeout: ENDING_MS,
    });
    await shot('other-machine-list');
    await page.click('#executions a:text("views-e2e-run")');
    await page.waitForSelector('#execution-status:text-is("SUCCEEDED")');
    await page.waitForSelector('g.state[data-state="Left"].status-succeeded');
    await shot('other-machine');
  });
});
