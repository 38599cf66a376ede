/**
 * The local console's page: a hash router over four views — the executions of the project's state
 * machine (`#/`) or of another one of the local endpoint (`#/machine/<arn>`), one execution
 * (`#/execution/<arn>`) and an exported execution opened from files (`#/file`).
 */
import './styles.css';
import { identitySwitch, notify, orderDialog } from './actions';
import { definitionForExecution, fullHistory, loadConfig, sfn, type ExecutionDescription } from './aws';
import { h } from './dom';
import { showExecution } from './execution';
import { childDefinitions, childHistories } from './children';
import { expressExecution, isExpressExecution } from './express';
import { showFileForm } from './file';
import { readDefinition, type DefinitionGraph } from '../model/definition';
import type { HistoryEvent } from '../model/history';
import { showList } from './list';
import type { ConsoleConfig } from './types';

let stopView: () => void = () => undefined;

async function route(config: ConsoleConfig, main: HTMLElement): Promise<void> {
  stopView();
  stopView = () => undefined;
  const hash = location.hash || '#/';
  for (const link of document.querySelectorAll('nav a')) {
    const list = hash.startsWith('#/execution/') || hash.startsWith('#/machine/');
    link.toggleAttribute('aria-current', link.getAttribute('href') === (list ? '#/' : hash));
  }
  if (hash.startsWith('#/execution/')) {
    const executionArn = decodeURIComponent(hash.slice('#/execution/'.length));
    main.replaceChildren(h('p', { class: 'muted' }, 'Loading the execution…'));
    const own = async () => {
      // An Express execution has no DescribeExecution or history: it is read from its log group.
      if (isExpressExecution(executionArn)) return expressExecution(executionArn);
      const description = await sfn<ExecutionDescription & { stateMachineArn: string }>('DescribeExecution', {
        executionArn,
      });
      const [definition, events] = await Promise.all([
        definitionForExecution(executionArn, description.stateMachineArn),
        fullHistory<HistoryEvent>(executionArn),
      ]);
      return { definition, events };
    };
    // An execution's definition does not change: read once, with its children's.
    let definitions: Promise<Map<string, string>> | undefined;
    let graph: DefinitionGraph | undefined;
    const load = async () => {
      const { definition, events } = await own();
      // The children its `.sync` Tasks started, drawn inside those Tasks (page/children.ts).
      definitions ??= childDefinitions(definition);
      graph ??= readDefinition(definition);
      const childDefinitionsByTask = await definitions;
      const children = await childHistories(events, graph);
      return { definition, events, executionArn, childDefinitions: childDefinitionsByTask, children };
    };
    try {
      stopView = await showExecution(
        main,
        config,
        { live: true, load },
        executionArn.split(':').at(-1) ?? executionArn,
      );
    } catch (error) {
      main.replaceChildren(
        h('p', { class: 'form-error' }, `Cannot show ${executionArn}: ${(error as Error).message}`),
        h('a', { href: '#/' }, 'Back to the executions'),
      );
    }
    return;
  }
  if (hash === '#/file') {
    stopView = showFileForm(main, config);
    return;
  }
  const machine = hash.startsWith('#/machine/') ? decodeURIComponent(hash.slice('#/machine/'.length)) : undefined;
  stopView = showList(main, config, machine);
}

async function start(): Promise<void> {
  const config = await loadConfig();
  const main = document.getElementById('main');
  const tools = document.getElementById('tools');
  if (!main || !tools) return;
  const dialog = orderDialog(config);
  document.body.append(dialog);
  const place = h(
    'button',
    { type: 'button', class: 'primary', id: 'open-order-form', onclick: () => dialog.showModal() },
    'Place an order',
  );
  if (!config.api) {
    place.setAttribute('disabled', '');
    place.title = 'The HTTP API is not running in this system';
  }
  tools.replaceChildren(place, identitySwitch(config));
  window.addEventListener('hashchange', () => void route(config, main));
  await route(config, main);
}

start().catch((error: unknown) => notify(`The console could not start: ${(error as Error).message}`, 'error'));
