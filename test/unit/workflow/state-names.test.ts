/**
 * State names are unique across the saga's machines (the parent and its Express children), at every
 * level: `--fail <state>:<mode>`, the fault matrix, the console's links and the tests find a state
 * by its name alone (docs/fork.md).
 */
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { sagaStateNames } from './saga-states';

const config = loadServerlessConfig();

it('no two states of the saga share a name', () => {
  const names = sagaStateNames(config);
  expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  // The walk reaches into the children and into Parallel branches.
  expect(names).toEqual(
    expect.arrayContaining(['AssessRisk', 'VerifyOrderToReserve', 'ReserveInventory', 'CreateShipment']),
  );
});
