/**
 * The local console in a real browser (`npm run test:e2e`): Debian's Chromium driven by
 * playwright-core against `npm start -- --no-demo`. Orders are placed, approved and cancelled
 * through the page, which calls the real HTTP API with the local issuer's tokens; an exported
 * history is opened from files. Screenshots: test-results/e2e/; with UPDATE_README_SCREENSHOT=1 the
 * failed order's also goes to docs/screenshots/: the whole page (the offline runtime's README) and
 * its top (the README's).
 *
 * Not part of `npm test`: it needs Chromium (`apt-get install -y chromium`) and takes a minute.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  type ConsoleSession,
  openConsole,
  placeOrderFromForm,
  README_SCREENSHOTS,
  type RunningSystem,
  SCREENSHOTS,
} from './system';
import { exportWithChildren } from './export';

/** Generous: the machine may be busy; nothing here measures speed. */
const ENDING_MS = 120_000;

let system: RunningSystem;
let session: ConsoleSession | undefined;
let page: Page;
/** The declined order's execution (exported to files by the last test). */
let declinedArn = '';

/** Places the sample order `sample` from the form (its body edited by `edit`), and waits for its execution page. */
const placeOrder = (sample: string, edit?: (order: Record<string, unknown>) => void) =>
  placeOrderFromForm(page, system.consoleUrl, sample, edit);

const executionStatus = (status: string) =>
  page.waitForSelector(`#execution-status:text-is("${status}")`, { timeout: ENDING_MS });

const orderStatus = (status: string) =>
  page.waitForSelector(`[data-fact="Order status"]:text-is("${status}")`, { timeout: ENDING_MS });

/** Resolves once `condition` holds, checking every 200 ms (the page refreshes every second). */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await page.waitForTimeout(200);
  }
}

const rows = () => page.locator('#executions tr[data-execution]').count();

const state = (name: string) => page.locator(`g.state[data-state="${name}"]`);

async function stateClass(name: string): Promise<string> {
  return (await state(name).getAttribute('class')) ?? '';
}

const shot = (name: string, folder = SCREENSHOTS) =>
  page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });

describe('the local console', () => {
  before(async () => {
    session = await openConsole();
    ({ system, page } = session);
  });
  after(() => session?.close());

  it('places a happy-path order and sees it reach COMPLETED', async () => {
    await placeOrder('happy-path');
    await executionStatus('SUCCEEDED');
    await orderStatus('COMPLETED');
    assert.match(await stateClass('CreateShipment'), /status-succeeded/);
    // A finished execution hides the states that did not run; shown, they are marked so.
    assert.equal(await state('RequestReview').count(), 0);
    await page.uncheck('#hide-not-run');
    assert.match(await stateClass('RequestReview'), /status-notRun/);
    await state('CapturePayment').click();
    await page.waitForSelector('#state-title:text("CapturePayment")');
    await page.waitForSelector('.records pre:text("CAPTURED")');
    await shot('happy-path');
  });

  it('approves a high-value order as the reviewer', async () => {
    await placeOrder('high-value-approved');
    await page.waitForSelector('g.state.status-waitingForToken[data-state="RequestReview"]', { timeout: ENDING_MS });
    await page.waitForSelector('text=switch to the reviewer');
    await shot('waiting-for-review');
    await page.selectOption('#identity', 'reviewer');
    await page.click('#approve');
    await executionStatus('SUCCEEDED');
    assert.match(await stateClass('RequestReview'), /status-succeeded/);
    await page.selectOption('#identity', 'customer');
  });

  it('cancels an order in its fulfilment window as the customer', async () => {
    await placeOrder('cancelled-in-window', (order) => (order.fulfilmentWindowSeconds = 600));
    await page.waitForSelector('#cancel-order', { timeout: ENDING_MS });
    assert.match(await stateClass('FulfilmentWindow'), /status-waitingUntil/);
    await page.click('#cancel-order');
    await page.waitForSelector(
      'text=Cancel order: requested. The order is cancelled when its fulfilment window closes',
    );
    // The cancellation is honoured when the window closes: skip the (local-only) wait.
    await page.click('#skip-wait');
    await executionStatus('FAILED');
    const banner = await page.textContent('#error-banner');
    assert.match(banner ?? '', /OrderCancelled/);
    assert.match(await stateClass('ReleaseInventory'), /status-compensation/);
    await orderStatus('CANCELLED');
    await shot('cancelled-in-window');
  });

  it('stops an execution (StopExecution)', async () => {
    await placeOrder('high-value-approved');
    await page.waitForSelector('#stop-execution', { timeout: ENDING_MS });
    // Stop asks first, saying what it leaves behind.
    page.once('dialog', (dialog) => {
      assert.match(dialog.message(), /ABORTED.*no compensation runs.*reconciler/s);
      void dialog.accept();
    });
    await page.click('#stop-execution');
    await executionStatus('ABORTED');
    assert.match((await page.textContent('#error-banner')) ?? '', /StoppedInConsole/);
    // The reconciler, on the ABORTED event: the review window closed with its execution.
    await orderStatus('CANCELLED');
    // The page says what changed after the end, and by whom.
    await page.waitForSelector('#changed-after-end', { timeout: ENDING_MS });
    assert.match(
      (await page.textContent('#changed-after-end')) ?? '',
      /After the execution ended ABORTED, the order became CANCELLED \(ReviewTimedOut\).*status-change event/,
    );
    assert.match((await page.textContent('#records-line')) ?? '', /orders CANCELLED \(ReviewTimedOut\)/);
    await shot('stopped-then-reconciled');
  });

  it('shows a declined payment so that the cause is read in seconds', async () => {
    await placeOrder('payment-declined');
    await executionStatus('FAILED');
    await page.click('#jump-to-failure');
    await page.waitForSelector('#state-title:text("AuthorizePayment")');
    assert.match(await stateClass('AuthorizePayment'), /status-failed/);
    // AuthorizePayment ran in the Express child ReserveAndConfirm, drawn inside the parent's Task:
    // the child's Parallel failed with it, and the parent's Task caught the child's failure.
    assert.match(await stateClass('ReserveAndAuthorize'), /status-failed/);
    assert.match(await stateClass('ReserveAndConfirm'), /status-caught/);
    declinedArn = decodeURIComponent(page.url().split('#/execution/')[1] ?? '');
    // Nothing had been shipped: its undo step is named as one that found nothing to undo.
    assert.match((await page.textContent('#error-banner')) ?? '', /CancelShipment \(nothing to undo\)/);
    await page.waitForSelector('.records pre:text("DECLINED")');
    await shot('console-failed-order');
    // The README's copy changes only when asked: a test run leaves the tracked files as they are.
    if (process.env.UPDATE_README_SCREENSHOT === '1') {
      await shot('console-failed-order', README_SCREENSHOTS);
      // The README shows the top of the page: the error banner, the failed state and the compensation.
      await page.screenshot({
        path: join(README_SCREENSHOTS, 'console-failed-order-top.png'),
        fullPage: true,
        clip: { x: 0, y: 0, width: 1440, height: 1272 },
      });
    }
  });

  it('lists the executions with their order status, filtered by status', async () => {
    await page.goto(`${system.consoleUrl}/#/`);
    await page.waitForSelector('#executions tr[data-execution]');
    await until(async () => (await rows()) === 5, '5 executions are listed');
    await shot('executions');
    await page.selectOption('#status-filter', 'FAILED');
    await until(async () => (await rows()) === 2, '2 executions are listed');
    const errors = await page.locator('#executions .error-cell').allTextContents();
    assert.deepEqual(errors.sort(), ['OrderCancelled', 'PaymentDeclined']);
  });

  it('opens an execution history exported from a deployed stage', async () => {
    await page.goto(`${system.consoleUrl}/#/file`);
    await page.setInputFiles('#definition-file', 'test/e2e/fixtures/order-processing.definition.json');
    await page.setInputFiles('#history-file', 'test/e2e/fixtures/payment-declined.history.json');
    await page.waitForSelector('#error-banner');
    assert.match((await page.textContent('#error-banner')) ?? '', /PaymentDeclined/);
    assert.match(await stateClass('CancelShipment'), /status-compensation/);
    await shot('exported-history');
  });

  it('opens a parent exported with its Express children’s definitions and log events', async () => {
    const files = await exportWithChildren(system.endpoints, declinedArn, join(SCREENSHOTS, 'exported'));
    await page.goto(`${system.consoleUrl}/#/file`);
    await page.setInputFiles('#definition-file', files.definitions);
    await page.setInputFiles('#history-file', files.history);
    await page.setInputFiles('#logs-file', files.logs);
    // The child's states, read from its log events, inside the parent's Task that started it.
    await page.waitForSelector('g.state.status-failed[data-state="AuthorizePayment"]');
    assert.match(await stateClass('ReserveAndConfirm'), /status-caught/);
    await page.click('#jump-to-failure');
    await page.waitForSelector('#state-title:text("AuthorizePayment")');
    await page.waitForSelector('#state-panel :text("In the child execution")');
    await shot('exported-with-children');
  });
});
