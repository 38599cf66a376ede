/**
 * The syntax of an intrinsic function call (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html):
 * `States.Name(arg, …)` where an argument is a string literal in single quotes, a number, `true`,
 * `false`, `null`, a path (`$…`, `$$…`, `$var…`) or another call. In a string literal `\'`, `\{`,
 * `\}` and `\\` stand for the character (the page's "reserved characters").
 */

/** "You can nest up to 10 intrinsic functions within a field" (intrinsic-functions.html). */
export const MAX_INTRINSIC_NESTING = 10;

export type IntrinsicArgument =
  /** `escaped` is the literal as written between its quotes, which States.Format reads its `{}` and `\{` in. */
  | { kind: 'string'; value: string; escaped: string }
  | { kind: 'literal'; value: number | boolean | null }
  | { kind: 'path'; path: string }
  | IntrinsicCall;

export interface IntrinsicCall {
  kind: 'call';
  /** `States.Format`, … */
  name: string;
  args: IntrinsicArgument[];
}

/** An expression that is not an intrinsic call, or nests deeper than AWS allows. */
export class IntrinsicSyntaxError extends Error {}

/** Whether a `.$` value is an intrinsic call rather than a path. */
export const isIntrinsicCall = (expression: string): boolean => /^\s*States\.[A-Za-z0-9]+\s*\(/.test(expression);

/**
 * The call `expression` spells.
 * @throws IntrinsicSyntaxError with the position of the first thing that does not fit.
 */
export function parseIntrinsic(expression: string): IntrinsicCall {
  const parser = new Parser(expression);
  parser.skipSpaces();
  const call = parser.call(1);
  parser.skipSpaces();
  if (!parser.done()) parser.fail('unexpected text after the call');
  return call;
}

class Parser {
  private at = 0;

  constructor(private readonly text: string) {}

  done = (): boolean => this.at >= this.text.length;

  fail(reason: string): never {
    throw new IntrinsicSyntaxError(`Invalid intrinsic function '${this.text}': ${reason} at position ${this.at}`);
  }

  skipSpaces(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }

  call(depth: number): IntrinsicCall {
    if (depth > MAX_INTRINSIC_NESTING)
      this.fail(`intrinsic functions nest deeper than ${MAX_INTRINSIC_NESTING} levels`);
    const name = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.at))?.[0];
    if (name === undefined) this.fail('expected States.<Function>(');
    this.at += name.length;
    this.skipSpaces();
    if (this.text[this.at] !== '(') this.fail(`expected '(' after ${name}`);
    this.at++;
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.text[this.at] === ')') {
      this.at++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      args.push(this.argument(depth));
      this.skipSpaces();
      const next = this.text[this.at];
      this.at++;
      if (next === ')') return { kind: 'call', name, args };
      if (next !== ',') this.fail(`expected ',' or ')' in ${name}`);
    }
  }

  private argument(depth: number): IntrinsicArgument {
    this.skipSpaces();
    const rest = this.text.slice(this.at);
    if (rest.startsWith("'")) return this.string();
    if (rest.startsWith('States.')) return this.call(depth + 1);
    if (rest.startsWith('$')) return { kind: 'path', path: this.path() };
    const word = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)(?=[\s,)])/.exec(rest)?.[0];
    if (word === undefined) this.fail('expected an argument');
    this.at += word.length;
    return { kind: 'literal', value: JSON.parse(word) as number | boolean | null };
  }

  private string(): IntrinsicArgument {
    this.at++;
    let value = '';
    const start = this.at;
    while (this.at < this.text.length) {
      const char = this.text[this.at] as string;
      if (char === "'") {
        const escaped = this.text.slice(start, this.at);
        this.at++;
        return { kind: 'string', value, escaped };
      }
      if (char === '\\' && this.at + 1 < this.text.length) {
        const next = this.text[this.at + 1] as string;
        value += "'{}\\".includes(next) ? next : char + next;
        this.at += 2;
      } else {
        value += char;
        this.at++;
      }
    }
    return this.fail('unterminated string literal');
  }

  /** A path runs to the `,` or `)` outside its brackets, parentheses and quotes. */
  private path(): string {
    const start = this.at;
    let depth = 0;
    let quote: string | undefined;
    for (; this.at < this.text.length; this.at++) {
      const char = this.text[this.at] as string;
      if (quote !== undefined) {
        if (char === quote) quote = undefined;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === '[' || char === '(') depth++;
      else if ((char === ']' || char === ')') && depth > 0) depth--;
      else if (depth === 0 && (char === ',' || char === ')')) break;
    }
    return this.text.slice(start, this.at).trim();
  }
}
