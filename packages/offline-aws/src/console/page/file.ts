/**
 * An execution exported from a deployed stage, shown like a local one:
 *
 *   aws stepfunctions describe-state-machine --state-machine-arn <arn> > definition.json
 *   aws stepfunctions get-execution-history --execution-arn <arn> > history.json
 *
 * The definition file may be the describe-state-machine answer (its `definition` field) or the
 * definition itself (ASL JSON). Everything is read in the browser; nothing is sent anywhere.
 */
import { readDefinitionFile } from '../model/definition';
import { readHistoryFile } from '../model/history';
import { h } from './dom';
import { showExecution } from './execution';
import type { ConsoleConfig } from './types';

export function showFileForm(container: HTMLElement, config: ConsoleConfig): () => void {
  const definitionInput = h('input', { type: 'file', id: 'definition-file', accept: '.json,application/json' });
  const historyInput = h('input', { type: 'file', id: 'history-file', accept: '.json,application/json' });
  const error = h('p', { class: 'form-error', role: 'alert', id: 'file-error' });
  const view = h('div', { id: 'file-view' });
  let stop: () => void = () => undefined;
  const open = async () => {
    error.textContent = '';
    const [definitionFile, historyFile] = [definitionInput.files?.[0], historyInput.files?.[0]];
    if (!definitionFile || !historyFile) return;
    try {
      const { definition, name } = readDefinitionFile(await definitionFile.text());
      const events = readHistoryFile(JSON.parse(await historyFile.text()));
      stop();
      stop = await showExecution(
        view,
        config,
        {
          live: false,
          load: async () => ({ definition, events, ...(name === undefined ? {} : { stateMachineName: name }) }),
        },
        // The history names no execution: the file's name stands for it.
        historyFile.name.replace(/(\.history)?\.json$/, ''),
      );
    } catch (e) {
      error.textContent = `Cannot show these files: ${(e as Error).message}`;
    }
  };
  definitionInput.addEventListener('change', () => void open());
  historyInput.addEventListener('change', () => void open());
  container.replaceChildren(
    h(
      'section',
      { class: 'file-form', 'aria-labelledby': 'file-title' },
      h('h2', { id: 'file-title' }, 'Open an exported execution'),
      h(
        'p',
        {},
        'Shows an execution of any stage from two files, the same way as a local one (read only; nothing leaves the browser):',
      ),
      h(
        'pre',
        {},
        'aws stepfunctions describe-state-machine --state-machine-arn <arn> > definition.json\naws stepfunctions get-execution-history --execution-arn <arn> > history.json',
      ),
      h(
        'div',
        { class: 'file-inputs' },
        h('label', {}, 'Definition ', definitionInput),
        h('label', {}, 'History ', historyInput),
      ),
      error,
    ),
    view,
  );
  return () => stop();
}
