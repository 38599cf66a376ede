/**
 * An execution exported from a deployed stage, shown like a local one:
 *
 *   aws stepfunctions describe-state-machine --state-machine-arn <arn> > definition.json
 *   aws stepfunctions get-execution-history --execution-arn <arn> > history.json
 *
 * The definition file may be the describe-state-machine answer (its `definition` field) or the
 * definition itself (ASL JSON). With the definitions of the children its `.sync` Tasks start and
 * their log groups' events (`aws logs filter-log-events`), the children are drawn inside those
 * Tasks (model/exported.ts). Everything is read in the browser; nothing is sent anywhere.
 */
import { readDefinitionFile } from '../model/definition';
import { assembleExport, readLogFile, type NamedDefinition } from '../model/exported';
import { readHistoryFile } from '../model/history';
import { h } from './dom';
import { showExecution } from './execution';
import type { ConsoleConfig } from './types';

export function showFileForm(container: HTMLElement, config: ConsoleConfig): () => void {
  const definitionInput = h('input', {
    type: 'file',
    id: 'definition-file',
    accept: '.json,application/json',
    multiple: true,
  });
  const historyInput = h('input', { type: 'file', id: 'history-file', accept: '.json,application/json' });
  const logsInput = h('input', { type: 'file', id: 'logs-file', accept: '.json,application/json', multiple: true });
  const error = h('p', { class: 'form-error', role: 'alert', id: 'file-error' });
  const view = h('div', { id: 'file-view' });
  let stop: () => void = () => undefined;
  const open = async () => {
    error.textContent = '';
    const definitionFiles = [...(definitionInput.files ?? [])];
    const historyFile = historyInput.files?.[0];
    if (definitionFiles.length === 0 || !historyFile) return;
    try {
      const definitions: NamedDefinition[] = [];
      for (const file of definitionFiles) {
        definitions.push({ ...readDefinitionFile(await file.text()), fileName: file.name });
      }
      const events = readHistoryFile(JSON.parse(await historyFile.text()));
      const logEvents = [];
      for (const file of logsInput.files ?? []) logEvents.push(...readLogFile(JSON.parse(await file.text())));
      const exported = assembleExport(definitions, events, logEvents);
      stop();
      stop = await showExecution(
        view,
        config,
        { live: false, load: async () => ({ ...exported, events }) },
        // The history names no execution: the file's name stands for it.
        historyFile.name.replace(/(\.history)?\.json$/, ''),
      );
    } catch (e) {
      error.textContent = `Cannot show these files: ${(e as Error).message}`;
    }
  };
  for (const input of [definitionInput, historyInput, logsInput]) input.addEventListener('change', () => void open());
  container.replaceChildren(
    h(
      'section',
      { class: 'file-form', 'aria-labelledby': 'file-title' },
      h('h2', { id: 'file-title' }, 'Open an exported execution'),
      h(
        'p',
        {},
        'Shows an execution of any stage from its files, the same way as a local one (read only; nothing leaves the browser). Its children (.sync Tasks) are drawn inside their Tasks when their definitions and log events are given too:',
      ),
      h(
        'pre',
        {},
        [
          'aws stepfunctions describe-state-machine --state-machine-arn <arn> > definition.json',
          'aws stepfunctions get-execution-history --execution-arn <arn> > history.json',
          'aws stepfunctions describe-state-machine --state-machine-arn <child arn> > <child>.json',
          'aws logs filter-log-events --log-group-name <child log group> > <child>.log.json',
        ].join('\n'),
      ),
      h(
        'div',
        { class: 'file-inputs' },
        h('label', {}, 'Definitions ', definitionInput),
        h('label', {}, 'History ', historyInput),
        h('label', {}, 'Children’s log events (optional) ', logsInput),
      ),
      error,
    ),
    view,
  );
  return () => stop();
}
