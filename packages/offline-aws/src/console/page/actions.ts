/**
 * What a person can do: act as the customer or as a reviewer (tokens from the local issuer), place
 * an order through the HTTP API (the form holds the deterministic test data of events/workflow/),
 * approve or reject a review, cancel in the fulfilment window, stop an execution (StopExecution)
 * and skip a Wait (local only: no AWS API does it).
 */
import { apiPost, CallError, sfn, skipWait, type Identity } from './aws';
import { h } from './dom';
import type { ConsoleConfig } from './types';

let identity: Identity | undefined;
const listeners = new Set<() => void>();

export function currentIdentity(config: ConsoleConfig): Identity {
  identity ??= { sub: config.customer, reviewer: false };
  return identity;
}

export function onIdentityChange(listener: () => void): void {
  listeners.add(listener);
}

/** The header's switch between the customer and the reviewer. */
export function identitySwitch(config: ConsoleConfig): HTMLElement {
  const select = h(
    'select',
    { id: 'identity', 'aria-describedby': 'identity-hint' },
    h('option', { value: 'customer' }, `Customer ${config.customer}`),
    h('option', { value: 'reviewer' }, `Reviewer ${config.reviewer}`),
  );
  select.addEventListener('change', () => {
    identity =
      select.value === 'reviewer'
        ? { sub: config.reviewer, reviewer: true }
        : { sub: config.customer, reviewer: false };
    for (const listener of listeners) listener();
  });
  return h(
    'label',
    { class: 'identity' },
    'Acting as ',
    select,
    h(
      'span',
      { id: 'identity-hint', class: 'visually-hidden' },
      'Actions use a token of this identity from the local issuer',
    ),
  );
}

/** Shows the outcome of an action in the page's live region. */
export function notify(message: string, kind: 'ok' | 'error' = 'ok'): void {
  const region = document.getElementById('notice');
  if (!region) return;
  region.textContent = message;
  region.className = `notice ${kind}`;
}

export async function act(label: string, action: () => Promise<unknown>, done = `${label}: done.`): Promise<boolean> {
  try {
    await action();
    notify(done);
    return true;
  } catch (error) {
    const message = error instanceof CallError || error instanceof Error ? error.message : String(error);
    notify(`${label} failed — ${message}`, 'error');
    return false;
  }
}

export const executionArnOf = (config: ConsoleConfig, orderId: string) =>
  `${config.stateMachineArn.replace(':stateMachine:', ':execution:')}:${orderId}`;

/** The "place an order" dialog; on success, opens the new order's execution. */
export function orderDialog(config: ConsoleConfig): HTMLDialogElement {
  const samples = h(
    'select',
    { id: 'sample', name: 'sample' },
    ...config.samples.map((s) => h('option', { value: s.name }, `${s.name} — ${s.description}`)),
  );
  const body = h('textarea', { id: 'order-body', name: 'body', rows: 18, spellcheck: 'false' });
  const fill = () => {
    const sample = config.samples.find((s) => s.name === samples.value) ?? config.samples[0];
    body.value = JSON.stringify(sample?.body ?? {}, null, 2);
  };
  samples.addEventListener('change', fill);
  fill();
  const error = h('p', { class: 'form-error', role: 'alert' });
  const dialog = h(
    'dialog',
    { id: 'order-dialog', 'aria-labelledby': 'order-dialog-title' },
    h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'order-dialog-title' }, 'Place an order'),
      h(
        'p',
        { class: 'muted' },
        'POST /orders through the local HTTP API with the customer’s token. The samples are the test data of events/workflow/ (tok_chargeDeclined declines, SKU-SOLDOUT is out of stock, country AQ cannot be shipped to, totals from 1,000.00 need a review).',
      ),
      h('label', {}, 'Sample ', samples),
      h('label', { for: 'order-body' }, 'Request body (JSON)'),
      body,
      error,
      h(
        'div',
        { class: 'dialog-buttons' },
        h('button', { type: 'button', value: 'cancel', onclick: () => dialog.close() }, 'Close'),
        h('button', { type: 'submit', class: 'primary', id: 'place-order' }, 'Place order'),
      ),
    ),
  );
  dialog.querySelector('form')?.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    let order: unknown;
    try {
      order = JSON.parse(body.value);
    } catch {
      error.textContent = 'The body is not valid JSON.';
      return;
    }
    const customer: Identity = { sub: config.customer, reviewer: false };
    apiPost<{ orderId: string; status: string }>(customer, '/orders', order)
      .then((answer) => {
        dialog.close();
        notify(`Order ${answer.orderId} placed (${answer.status}).`);
        location.hash = `#/execution/${encodeURIComponent(executionArnOf(config, answer.orderId))}`;
      })
      .catch((e: unknown) => {
        error.textContent = `The API refused the order — ${(e as Error).message}`;
      });
  });
  return dialog;
}

export interface ExecutionActions {
  executionArn: string;
  orderId: string;
  /** An execution of the project's own state machine: its review and cancel requests apply. */
  project: boolean;
  running: boolean;
  waitingForReview: boolean;
  waitingInWait: string | undefined;
  /** Refreshes the view after an action. */
  refresh(): void;
}

/** The buttons for one execution, for the current identity. */
export function executionActions(config: ConsoleConfig, a: ExecutionActions): HTMLElement {
  const who = currentIdentity(config);
  const bar = h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Actions on this order' });
  /** `confirmation`: asked first (window.confirm); the action runs only when the user agrees. */
  const button = (
    label: string,
    id: string,
    run: () => Promise<unknown>,
    kind = '',
    confirmation?: string,
    done?: string,
  ) =>
    h(
      'button',
      {
        type: 'button',
        id,
        class: kind,
        onclick: () => {
          if (confirmation !== undefined && !window.confirm(confirmation)) return;
          void act(label, run, done).then(a.refresh);
        },
      },
      label,
    );
  if (a.project && a.waitingForReview) {
    if (who.reviewer) {
      bar.append(
        button(
          'Approve',
          'approve',
          () =>
            apiPost(who, `/orders/${a.orderId}/review`, {
              decision: 'approve',
              comment: 'Approved in the local console',
            }),
          'primary',
        ),
        button(
          'Reject',
          'reject',
          () =>
            apiPost(who, `/orders/${a.orderId}/review`, {
              decision: 'reject',
              comment: 'Rejected in the local console',
            }),
          'danger',
        ),
      );
    } else
      bar.append(
        h('span', { class: 'hint' }, 'Waiting for a review: switch to the reviewer (top right) to approve or reject.'),
      );
  }
  if (a.waitingInWait) {
    if (a.project && !who.reviewer)
      bar.append(
        // The safe way out for an order: the saga undoes it itself (unlike Stop, styled as the danger).
        button(
          'Cancel order',
          'cancel-order',
          () => apiPost(who, `/orders/${a.orderId}/cancel`, {}),
          '',
          undefined,
          // What follows, since the page shows the execution, still waiting: the request is recorded
          // on the order, and the workflow acts on it when the window closes.
          'Cancel order: requested. The order is cancelled when its fulfilment window closes (skip the wait to see it now).',
        ),
      );
    bar.append(
      button(`Skip the wait (${a.waitingInWait})`, 'skip-wait', () => skipWait(a.executionArn)),
      h('span', { class: 'hint' }, 'Skipping a wait is local only: AWS has no API for it.'),
    );
  }
  if (a.running) {
    bar.append(
      button(
        'Stop execution',
        'stop-execution',
        () =>
          sfn('StopExecution', {
            executionArn: a.executionArn,
            error: 'StoppedInConsole',
            cause: 'Stopped from the local console',
          }),
        'danger',
        // What StopExecution does (API_StopExecution.html): no Catch, no compensation runs in it;
        // only what listens to its ABORTED status-change event (an EventBridge rule) can act.
        'Stop this execution? It ends ABORTED at once: no Catch and no compensation runs in it, and a ' +
          'step in flight may still finish its work. What its steps already did stays as it is unless ' +
          'an EventBridge rule on its ABORTED event (this project’s reconciler, if it has one) acts on it.',
      ),
    );
  }
  return bar;
}
