/**
 * Two edits to the compiled CloudFormation template, made by tools/template/alarms-plugin.cjs just
 * before the framework saves it (so `sls package` and `sls deploy` both get them). Each removes
 * something the plugins generate that CloudFormation does not need, and that AWS's linter (cfn-lint)
 * warns about:
 *
 * - The framework's shared Lambda role `IamRoleLambdaExecution`. serverless-iam-roles-per-function
 *   clones it as the template of every function's own role, so the framework must generate it, but
 *   no function uses it once each has its own. Removed only when nothing refers to it: a function
 *   without `iamRoleStatements` still uses it, and `npm run check:template` reports that function.
 * - `DependsOn` entries that name a resource the same resource already refers to with Ref or
 *   Fn::GetAtt (cfn-lint W3005): CloudFormation orders them by the reference already. The framework
 *   adds one to every function for its role.
 *
 * Pure functions of the template (tested in test/unit/template-check/tidy.test.ts).
 */
import { referencedIds } from './check/resources';
import type { Json, Template, TemplateResource } from './check/types';

/** The logical id the framework gives its shared Lambda execution role. */
export const DEFAULT_ROLE_ID = 'IamRoleLambdaExecution';

export interface TidyReport {
  /** Logical ids of the resources removed. */
  removed: string[];
  /** `Resource → DependsOn entry` pairs dropped because a reference already enforces them. */
  redundantDependsOn: string[];
}

/**
 * Removes the shared role when no other resource (nor an output) refers to it.
 * @returns whether it was removed.
 */
export function removeUnusedDefaultRole(template: Template): boolean {
  const resources = template.Resources ?? {};
  if (!resources[DEFAULT_ROLE_ID]) return false;
  const others = Object.entries(resources).filter(([id]) => id !== DEFAULT_ROLE_ID);
  const used =
    others.some(
      ([, resource]) => referencedIds(resource).has(DEFAULT_ROLE_ID) || dependsOn(resource).includes(DEFAULT_ROLE_ID),
    ) || referencedIds(template.Outputs).has(DEFAULT_ROLE_ID);
  if (used) return false;
  template.Resources = Object.fromEntries(others);
  return true;
}

const dependsOn = (resource: TemplateResource): string[] => {
  const value = resource.DependsOn;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
};

/**
 * Drops the DependsOn entries each resource's Properties already reference; removes DependsOn when
 * nothing is left. A reference inside Fn::If still counts (CloudFormation orders by it either way).
 * @returns `Resource → entry` for each entry dropped.
 */
export function removeRedundantDependsOn(template: Template): string[] {
  const dropped: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    const entries = dependsOn(resource);
    if (entries.length === 0) continue;
    const referenced = referencedIds(resource.Properties as Json | undefined);
    const kept = entries.filter((entry) => !referenced.has(entry));
    if (kept.length === entries.length) continue;
    for (const entry of entries) if (referenced.has(entry)) dropped.push(`${id} → ${entry}`);
    if (kept.length === 0) delete resource.DependsOn;
    else resource.DependsOn = kept;
  }
  return dropped;
}

/** Both edits, in place. */
export function tidyTemplate(template: Template): TidyReport {
  const redundantDependsOn = removeRedundantDependsOn(template);
  const removed = removeUnusedDefaultRole(template) ? [DEFAULT_ROLE_ID] : [];
  return { removed, redundantDependsOn };
}
