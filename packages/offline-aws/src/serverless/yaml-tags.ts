/**
 * The CloudFormation short-form tags (`!Ref`, `!GetAtt`, `!Sub`, …) as the YAML parser's custom
 * tags: each becomes the long form CloudFormation reads (`{ Ref: … }`, `{ 'Fn::GetAtt': [...] }`).
 */
import type { CollectionTag, ScalarTag } from 'yaml';

const INTRINSIC_TAGS = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'Select',
  'Split',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'FindInMap',
  'ImportValue',
  'Base64',
  'GetAZs',
  'Condition',
  'Cidr',
];

/** `!Ref X` → `{ Ref: 'X' }`, `!GetAtt A.B` → `{ 'Fn::GetAtt': ['A', 'B'] }`, `!Join [...]` → `{ 'Fn::Join': [...] }`. */
export function cloudFormationTags(): (ScalarTag | CollectionTag)[] {
  const key = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);
  const tags: (ScalarTag | CollectionTag)[] = [];
  for (const name of INTRINSIC_TAGS) {
    const wrap = (value: unknown) => {
      if (name === 'GetAtt' && typeof value === 'string') {
        const dot = value.indexOf('.');
        return { [key(name)]: [value.slice(0, dot), value.slice(dot + 1)] };
      }
      return { [key(name)]: value };
    };
    tags.push({ tag: `!${name}`, resolve: (value: string) => wrap(value) } as ScalarTag);
    tags.push({ tag: `!${name}`, collection: 'seq', resolve: (seq) => wrap(seq.toJSON()) } as CollectionTag);
    tags.push({ tag: `!${name}`, collection: 'map', resolve: (map) => wrap(map.toJSON()) } as CollectionTag);
  }
  return tags;
}
