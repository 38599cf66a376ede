/**
 * Every state machine of the local Step Functions endpoint (ListStateMachines, all pages): the
 * project's and any created through the API (CreateStateMachine), for the list's picker.
 */
import { sfn } from './aws';
import { h } from './dom';

export interface StateMachineListItem {
  stateMachineArn: string;
  name: string;
  type: string;
  creationDate: number;
}

/** https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListStateMachines.html */
export async function listStateMachines(): Promise<StateMachineListItem[]> {
  const machines: StateMachineListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn<{ stateMachines: StateMachineListItem[]; nextToken?: string }>('ListStateMachines', {
      maxResults: 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    machines.push(...page.stateMachines);
    nextToken = page.nextToken;
  } while (nextToken);
  return machines;
}

/** The list's address for a state machine: `#/` for the project's, `#/machine/<arn>` for another. */
export const machineHash = (arn: string, projectArn: string) =>
  arn === projectArn ? '#/' : `#/machine/${encodeURIComponent(arn)}`;

/**
 * A picker of the state machines (`select#state-machine`) that goes to the chosen one's list, with
 * the project's machine first; refresh() reads the endpoint again (a machine may have been created).
 */
export function machinePicker(
  selected: string,
  projectArn: string,
): { element: HTMLElement; refresh(): Promise<void> } {
  const select = h('select', { id: 'state-machine' }, h('option', { value: selected }, selected.split(':').at(-1)));
  select.addEventListener('change', () => {
    location.hash = machineHash(select.value, projectArn);
  });
  let lastKey = '';
  return {
    element: h('label', {}, 'State machine ', select),
    async refresh() {
      const machines = await listStateMachines();
      const ordered = [
        ...machines.filter((m) => m.stateMachineArn === projectArn),
        ...machines.filter((m) => m.stateMachineArn !== projectArn).sort((a, b) => a.name.localeCompare(b.name)),
      ];
      const key = JSON.stringify(ordered.map((m) => m.stateMachineArn));
      // Rebuilt only when the machines changed: a rebuilt select closes under the user's pointer.
      if (key === lastKey) return;
      lastKey = key;
      select.replaceChildren(
        ...ordered.map((m) =>
          h(
            'option',
            { value: m.stateMachineArn, selected: m.stateMachineArn === selected },
            `${m.name} (${m.type === 'EXPRESS' ? 'Express' : 'Standard'}${m.stateMachineArn === projectArn ? ', the project' : ''})`,
          ),
        ),
      );
      select.value = selected;
    },
  };
}
