/**
 * The happy path's transition budget is written once, in events/workflow/happy-path.json
 * (`expect.maxTransitions`): the scenario tests, the bench and `npm run scenarios` check runs against it;
 * this checks that docs/workflow.md states the same number.
 */
import { readFileSync } from 'node:fs';
import { readScenario } from '../../../tools/offline/scenario-file';

const budget = readScenario('events/workflow/happy-path.json').expect?.maxTransitions;

it('the happy path has a transition budget', () => {
  expect(budget).toEqual(expect.any(Number));
});

it('docs/workflow.md states the budget', () => {
  expect(readFileSync('docs/workflow.md', 'utf8')).toContain(`The happy path is ${budget} transitions`);
});
