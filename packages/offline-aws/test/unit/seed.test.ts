/**
 * The seed file a project names in offline.config.ts (docs/extension-point.md), parsed before any
 * table is created: each fault is named with the file, and nothing is written.
 */
import { parseSeed } from '../../src/dynamodb/stack';
import type { ServerlessConfig } from '../../src/serverless/config';

const config = {
  resources: {
    NotesTable: { Type: 'AWS::DynamoDB::Table' },
    NotesTopic: { Type: 'AWS::SNS::Topic' },
  },
} as unknown as ServerlessConfig;

const parse = (text: string) => () => parseSeed(config, 'seed.json', text);

it('reads items by table', () => {
  expect(parseSeed(config, 'seed.json', '{ "NotesTable": [{ "id": "a" }] }')).toEqual({ NotesTable: [{ id: 'a' }] });
});

it.each([
  ['not JSON', '{ "NotesTable": [', /seed\.json: not valid JSON/],
  ['a list at the top', '[]', /seed\.json: must be an object of tables/],
  ['a table the template does not declare', '{ "Other": [] }', /"Other" is not a table declared in serverless\.yml/],
  ['a resource that is not a table', '{ "NotesTopic": [] }', /"NotesTopic" is not a table/],
  ['items that are not a list', '{ "NotesTable": {} }', /"NotesTable" must be a list of items/],
  ['an item that is not an object', '{ "NotesTable": [{ "id": "a" }, 3] }', /"NotesTable"\[1\] must be an item/],
])('refuses %s, naming the file', (_, text, message) => {
  expect(parse(text)).toThrow(message);
});
