/**
 * Deploy-readiness rules for the CloudFormation template that `sls package` generates: least
 * privilege, data protection, encryption, logging, tracing and alarms. A pure function of the
 * template (no AWS, no file system), so every rule is unit-tested with small hand-made templates
 * (test/unit/template-check/); `npm run check:template` (tools/template/check-template.ts) runs it
 * on the packaged template.
 *
 * This file composes the rule families of tools/template/check/ (one module each) in rule order.
 */
import { checkAlarms } from './check/alarms';
import { checkData, checkEncryption } from './check/data';
import { checkFunctionPermissions, checkRoles, checkStateMachineRoles } from './check/iam';
import { checkLoggingAndTracing } from './check/logging';
import { deployedResources, ofType } from './check/resources';
import { DEFAULT_TTL_TABLES, type CheckOptions, type Context, type Template, type Violation } from './check/types';

export type { CheckOptions, Json, Rule, Template, TemplateResource, Violation } from './check/types';
export { DEFAULT_TTL_TABLES } from './check/types';
export { WILDCARD_RESOURCE_ACTIONS } from './check/iam';
export { OBSERVABILITY_OFF } from './check/logging';
export { referencedIds } from './check/resources';

/** Every violation of the deploy-readiness rules, in rule order; empty when the template is ready. */
export function checkTemplate(template: Template, options: CheckOptions = {}): Violation[] {
  const ctx: Context = {
    template,
    resources: deployedResources(template),
    options: { retainData: options.retainData ?? false, ttlTables: options.ttlTables ?? DEFAULT_TTL_TABLES },
    violations: [],
  };
  checkRoles(ctx);
  checkFunctionPermissions(ctx);
  checkStateMachineRoles(ctx);
  checkData(ctx);
  checkEncryption(ctx);
  checkLoggingAndTracing(ctx);
  checkAlarms(ctx);
  return ctx.violations;
}

/** Counts for the OK summary. */
export function summarizeTemplate(template: Template): Record<string, number> {
  const resources = deployedResources(template);
  const count = (type: string) => ofType(resources, type).length;
  return {
    functions: count('AWS::Lambda::Function'),
    roles: count('AWS::IAM::Role'),
    'state machines': count('AWS::StepFunctions::StateMachine'),
    tables: count('AWS::DynamoDB::Table'),
    topics: count('AWS::SNS::Topic'),
    queues: count('AWS::SQS::Queue'),
    alarms: count('AWS::CloudWatch::Alarm'),
    'log groups': count('AWS::Logs::LogGroup'),
  };
}

/** `1. [rule] Resource: message` lines. */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map((violation, index) => `${index + 1}. [${violation.rule}] ${violation.resource}: ${violation.message}`)
    .join('\n');
}
