/**
 * A state machine's versions and aliases (src/engine/machine-versions.ts), as the Step Functions
 * Developer Guide describes them (concepts-state-machine-version.html,
 * concepts-state-machine-alias.html): numbers from 1 never reused, one version per revision, and
 * an alias's weighted choice between two versions (the random draw injected here).
 */
import { MachineVersions } from '../../../src/engine/machine-versions';

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:m';
const revision = (revisionId?: string) => ({ revisionId });

it('numbers versions from 1, one per revision, and never gives a deleted number again', () => {
  const versions = new MachineVersions<{ revisionId?: string }>(ARN);
  expect(versions.publish(revision()).stateMachineVersionArn).toBe(`${ARN}:1`);
  expect(versions.publish(revision()).version).toBe(1);
  expect(versions.publish(revision('r2')).version).toBe(2);
  versions.delete(2);
  expect(versions.publish(revision('r3')).version).toBe(3);
  expect(versions.list().map((v) => v.version)).toEqual([3, 1]);
});

it('refuses a revisionId that is not the current one, and deleting a version an alias routes to', () => {
  const versions = new MachineVersions<{ revisionId?: string }>(ARN);
  expect(() => versions.publish(revision('r2'), undefined, 'INITIAL')).toThrow(
    expect.objectContaining({ name: 'ConflictException' }),
  );
  const one = versions.publish(revision('r2'), undefined, 'r2');
  versions.createAlias('prod', [{ stateMachineVersionArn: one.stateMachineVersionArn, weight: 100 }]);
  expect(() => versions.delete(one.version)).toThrow(expect.objectContaining({ name: 'ConflictException' }));
});

it('routes by weight: a draw below the first weight takes the first version, the rest the second', () => {
  const versions = new MachineVersions<{ revisionId?: string }>(ARN);
  const v1 = versions.publish(revision());
  const v2 = versions.publish(revision('r2'));
  const alias = versions.createAlias('canary', [
    { stateMachineVersionArn: v1.stateMachineVersionArn, weight: 90 },
    { stateMachineVersionArn: v2.stateMachineVersionArn, weight: 10 },
  ]);
  expect(versions.route(alias, () => 0)?.version).toBe(1);
  expect(versions.route(alias, () => 0.8999)?.version).toBe(1);
  expect(versions.route(alias, () => 0.9)?.version).toBe(2);
  expect(versions.route(alias, () => 0.99999)?.version).toBe(2);
  // A route of weight 0 is never taken.
  versions.updateAlias(alias, {
    routingConfiguration: [
      { stateMachineVersionArn: v1.stateMachineVersionArn, weight: 0 },
      { stateMachineVersionArn: v2.stateMachineVersionArn, weight: 100 },
    ],
  });
  expect(versions.route(alias, () => 0)?.version).toBe(2);
});
