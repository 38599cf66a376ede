/**
 * Definition-time checks of one JSONata expression (the text inside `{% %}`), as AWS makes them
 * when a state machine is created or validated: it parses every expression and refuses one that
 * does not parse (code INVALID_JSONATA_EXPRESSION, the parser's message without its `Sxxxx`
 * code), and one that reads a field of the top-level context, which a Step Functions expression
 * does not have (code UNSUPPORTED_JSONATA_EXPRESSION: `Reference to 'phone' at the top level is
 * not supported.`). Those codes and wordings are AWS's answers as others observed them; they are
 * not in the recordings this project has.
 *
 * Step Functions follows JSONata 2.0.6 (transforming-data.html, "Supported JSONata version"); the
 * parser here is 2.2.2, which also reads `??` and `?:` (new in 2.1.0). 2.0.6 cannot parse them:
 * they are refused with the message 2.0.6 gives.
 */
import type jsonata from 'jsonata';
import { compileJsonata } from './evaluate';

interface ParseError {
  message?: unknown;
}

/** Operators 2.0.6 does not know, and the symbol its parser stops at. */
const NEWER_OPERATORS: Record<string, string> = { '??': '?', '?:': ':' };

/**
 * The parser's message when `expression` does not parse as JSONata 2.0.6, or undefined when it does.
 * `"1 +"` → `Unexpected end of expression`; `"$x ?? 1"` → `The symbol "?" cannot be used as a unary operator`.
 */
export function validateJsonataExpression(expression: string): string | undefined {
  let ast: jsonata.ExprNode;
  try {
    ast = compileJsonata(expression).ast();
  } catch (error) {
    const message = (error as ParseError).message;
    return typeof message === 'string' ? message : String(error);
  }
  const symbol = newerOperator(ast as unknown as Node, expression);
  return symbol === undefined ? undefined : `The symbol "${symbol}" cannot be used as a unary operator`;
}

/** A node of the parsed tree: jsonata's typings leave out some node types (`path`, `bind`, `apply`). */
type Node = Omit<jsonata.ExprNode, 'type' | 'steps' | 'arguments' | 'expressions'> & {
  type: string;
  steps?: Node[];
  arguments?: Node[];
  expressions?: Node[];
  condition?: Node;
  then?: Node;
  else?: Node;
  expression?: Node;
  body?: Node;
  stages?: Node[];
  predicate?: Node[];
  pattern?: Node;
  update?: Node;
  delete?: Node;
  group?: { lhs?: [Node, Node][] };
};

/** The direct children of a node, every kind. */
function children(node: Node): Node[] {
  const found: unknown[] = [
    node.lhs,
    node.rhs,
    node.condition,
    node.then,
    node.else,
    node.expression,
    node.body,
    node.procedure,
    node.pattern,
    node.update,
    node.delete,
    ...(node.arguments ?? []),
    ...(node.expressions ?? []),
    ...(node.steps ?? []),
    ...(node.stages ?? []),
    ...(node.predicate ?? []),
    ...(node.group?.lhs ?? []).flat(),
  ];
  return found.flatMap((child) => (Array.isArray(child) ? child.flat() : [child])).filter(isNode);
}

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && 'type' in value;

/** The first `??` / `?:` in the tree, as the 2.0.6 symbol that would stop the parser. */
function newerOperator(node: Node, source: string): string | undefined {
  // Both parse to a `condition` whose position is the end of the operator's token.
  if (node.type === 'condition' && node.position !== undefined) {
    const symbol = NEWER_OPERATORS[source.slice(node.position - 2, node.position)];
    if (symbol !== undefined) return symbol;
  }
  for (const child of children(node)) {
    const found = newerOperator(child, source);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The first field name the expression reads from the top-level context (`phone` in
 * `phone.number`, `$count(items)`), where a Step Functions expression has none: names inside a
 * predicate, a later path step, a lambda or a transform read their own context and are fine.
 * Undefined when there is none or the expression does not parse.
 */
export function topLevelReference(expression: string): string | undefined {
  let ast: jsonata.ExprNode;
  try {
    ast = compileJsonata(expression).ast();
  } catch {
    return undefined;
  }
  return firstTopLevelName(ast as unknown as Node);
}

function firstTopLevelName(node: Node): string | undefined {
  if (node.type === 'name') return String(node.value);
  if (node.type === 'lambda' || node.type === 'transform') return undefined;
  if (node.type === 'path') {
    const first = node.steps?.[0];
    if (first === undefined) return undefined;
    // Only the first step reads the top-level context; its own predicates read the step's items.
    return first.type === 'name' ? String(first.value) : firstTopLevelName({ ...first, stages: [], predicate: [] });
  }
  const skipped = new Set<unknown>([...(node.stages ?? []), ...(node.predicate ?? [])]);
  for (const child of children(node)) {
    if (skipped.has(child)) continue;
    const found = firstTopLevelName(child);
    if (found !== undefined) return found;
  }
  return undefined;
}
