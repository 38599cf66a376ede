/**
 * The offline reader's Ref of versions and aliases (packages/offline-aws/src/serverless/cloudformation.ts), as CloudFormation
 * answers them: Ref of AWS::StepFunctions::StateMachineAlias / StateMachineVersion and of
 * AWS::Lambda::Version returns the qualified ARN (aws-resource-stepfunctions-statemachinealias.html,
 * aws-resource-stepfunctions-statemachineversion.html, aws-resource-lambda-version.html).
 */
import { resolve } from 'node:path';
import { resolvedEnvironment, resolveIntrinsics, stateMachineAliases } from 'offline-aws/serverless/cloudformation';
import { loadServerlessConfig } from 'offline-aws/serverless/config';
import { loadWorkflowDefinition } from 'offline-aws/engine/definition';

const config = loadServerlessConfig({ root: resolve(__dirname, '../../..'), stage: 'dev' });
const machine = `arn:aws:states:${config.region}:${config.accountId}:stateMachine:order-processing-dev-order-processing`;

it('gives createOrder the alias ARN to start executions with', () => {
  expect(resolvedEnvironment(config, 'createOrder').ORDER_STATE_MACHINE_ARN).toBe(`${machine}:live`);
  expect(resolvedEnvironment(config, 'getOrder').ORDER_STATE_MACHINE_ARN).toBeUndefined();
});

it('resolves Ref of the state machine, its version and a framework-generated Lambda version', () => {
  expect(resolveIntrinsics(config, { Ref: 'OrderProcessingStateMachine' })).toBe(machine);
  expect(resolveIntrinsics(config, { Ref: 'OrderProcessingStateMachineVersion' })).toBe(`${machine}:1`);
  expect(resolveIntrinsics(config, { Ref: 'ReserveInventoryLambdaVersionAbC123' })).toBe(
    `arn:aws:lambda:${config.region}:${config.accountId}:function:order-processing-dev-reserveInventory:1`,
  );
});

it('lists the aliases the template declares for the project machine, and the workflow carries them', () => {
  expect(stateMachineAliases(config, machine)).toEqual(['live']);
  expect(loadWorkflowDefinition(config).aliases).toEqual(['live']);
});
