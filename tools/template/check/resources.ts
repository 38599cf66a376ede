/** Reading a template: deployed resources, references between them, and JSON helpers. */
import type { Json, JsonObject, Template, TemplateResource } from './types';

export const isObject = (value: Json | undefined): value is JsonObject =>
  value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);

export const asArray = (value: Json | undefined): Json[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

export const strings = (value: Json | undefined): string[] =>
  asArray(value).filter((item): item is string => typeof item === 'string');

/** Statically evaluates a condition; anything it cannot decide counts as true (deployed). */
function conditionHolds(template: Template, name: string, seen: Set<string> = new Set()): boolean {
  if (seen.has(name)) return true;
  seen.add(name);
  const evaluate = (value: Json | undefined): boolean => {
    if (!isObject(value)) return true;
    const [key] = Object.keys(value);
    const arg = key === undefined ? undefined : value[key];
    switch (key) {
      case 'Fn::Equals': {
        const [left, right] = asArray(arg);
        if (typeof left === 'string' && typeof right === 'string') return left === right;
        return true;
      }
      case 'Fn::Not':
        return !evaluate(asArray(arg)[0]);
      case 'Fn::And':
        return asArray(arg).every(evaluate);
      case 'Fn::Or':
        return asArray(arg).some(evaluate);
      case 'Condition':
        return typeof arg === 'string' ? conditionHolds(template, arg, seen) : true;
      default:
        return true;
    }
  };
  return evaluate(template.Conditions?.[name]);
}

/** The resources CloudFormation would create (a statically false Condition leaves one out). */
export function deployedResources(template: Template): Map<string, TemplateResource> {
  const deployed = new Map<string, TemplateResource>();
  for (const [id, resource] of Object.entries(template.Resources ?? {})) {
    if (typeof resource.Condition === 'string' && !conditionHolds(template, resource.Condition)) continue;
    deployed.set(id, resource);
  }
  return deployed;
}

/** Logical ids referenced by Ref, Fn::GetAtt and Fn::Sub anywhere in a value. */
export function referencedIds(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedIds(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Ref' && typeof item === 'string') {
        if (!item.startsWith('AWS::')) into.add(item);
      } else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(item) ? item[0] : typeof item === 'string' ? item.split('.')[0] : undefined;
        if (typeof target === 'string') into.add(target);
      } else if (key === 'Fn::Sub') {
        const [text, variables] = Array.isArray(item) ? item : [item, undefined];
        if (typeof text === 'string') {
          const local = isObject(variables) ? new Set(Object.keys(variables)) : new Set<string>();
          for (const match of text.matchAll(/\$\{([^}!]+)\}/g)) {
            const name = (match[1] ?? '').split('.')[0] ?? '';
            if (name && !name.startsWith('AWS::') && !local.has(name)) into.add(name);
          }
        }
        referencedIds(variables, into);
      } else {
        referencedIds(item, into);
      }
    }
  }
  return into;
}

export const ofType = (resources: Map<string, TemplateResource>, type: string): [string, TemplateResource][] =>
  [...resources].filter(([, resource]) => resource.Type === type);
