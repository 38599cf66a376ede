/**
 * The relative links of the project's Markdown pages, and the anchors GitHub gives their headings.
 * No Markdown parser is installed, so this reads the CommonMark subset the pages use: fenced code
 * blocks (``` or ~~~, at any indentation) and inline code spans are not prose, HTML comments
 * neither; links are inline (`[text](target "title")`, images too) or reference definitions
 * (`[name]: target`); headings are ATX (`## Title`), which is what Prettier writes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface MarkdownLink {
  /** 1-based line of the link's `[`. */
  line: number;
  /** The link as written, e.g. `[the runbook](docs/operations.md#alerts)`. */
  source: string;
  target: string;
}

/** `text` with every character but line breaks turned into a space (offsets and lines stay put). */
const blank = (text: string): string => text.replace(/[^\n]/g, ' ');

/** The lines of `markdown` that are inside fenced code blocks (fences included), as a set of 0-based indexes. */
export function fencedLines(markdown: string): Set<number> {
  const inside = new Set<number>();
  let fence: { char: string; length: number } | undefined;
  markdown.split('\n').forEach((line, index) => {
    const marker = /^\s*(`{3,}|~{3,})(.*)$/.exec(line);
    if (fence) {
      inside.add(index);
      if (marker?.[1] && marker[1][0] === fence.char && marker[1].length >= fence.length && marker[2]?.trim() === '') {
        fence = undefined;
      }
    } else if (marker?.[1] && !(marker[1][0] === '`' && marker[2]?.includes('`'))) {
      inside.add(index);
      fence = { char: marker[1][0] as string, length: marker[1].length };
    }
  });
  return inside;
}

/**
 * `markdown` with what is not prose blanked out: fenced code blocks, HTML comments, inline code
 * spans and backslash escapes. Offsets and line numbers are unchanged.
 */
export function proseOnly(markdown: string): string {
  const fenced = fencedLines(markdown);
  const lines = markdown.split('\n').map((line, index) => (fenced.has(index) ? blank(line) : line));
  return (
    lines
      .join('\n')
      .replace(/<!--[\s\S]*?-->/g, blank)
      // A code span: a run of backticks, then anything up to the same run, within one paragraph.
      .replace(/(?<!`)(`+)(?:(?!\n[ \t]*\n)[\s\S])*?\1(?!`)/g, blank)
      .replace(/\\[[\]()\\`]/g, blank)
  );
}

const LINK_TEXT = String.raw`\[((?:[^[\]]|\[[^[\]]*\])*)\]`;
const DESTINATION = String.raw`(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)`;
const TITLE = String.raw`(?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?`;
const INLINE_LINK = new RegExp(`!?${LINK_TEXT}\\(\\s*${DESTINATION}${TITLE}\\s*\\)`, 'g');
const DEFINITION = /^ {0,3}\[([^\]]+)\]:\s*(<[^<>\n]*>|\S+)/gm;

const lineAt = (text: string, offset: number): number => text.slice(0, offset).split('\n').length;
const unwrap = (target: string): string => (target.startsWith('<') ? target.slice(1, -1) : target);

/** Every link of `markdown` (inline links, images and reference definitions), in order. */
export function linksOf(markdown: string): MarkdownLink[] {
  const prose = proseOnly(markdown);
  const links: MarkdownLink[] = [];
  for (const pattern of [INLINE_LINK, DEFINITION]) {
    for (const match of prose.matchAll(pattern)) {
      const offset = match.index ?? 0;
      links.push({
        line: lineAt(prose, offset),
        source: markdown.slice(offset, offset + match[0].length).replace(/\s*\n\s*/g, ' '),
        target: unwrap(match[2] ?? ''),
      });
    }
  }
  return links.sort((a, b) => a.line - b.line);
}

/** A heading's text as GitHub renders it: code spans, links, images and emphasis reduced to their text. */
function headingText(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+/g, '')
    .replace(/(\*\*|__|\*|\b_|_\b)/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation and symbols removed except `-` and `_`, each space a `-`. */
export function slug(heading: string): string {
  return headingText(heading)
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of `markdown`: one per ATX heading (a repeated slug gets `-1`, `-2`, …), plus HTML `id`/`name` attributes. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const fenced = fencedLines(markdown);
  markdown.split('\n').forEach((line, index) => {
    if (fenced.has(index)) return;
    const heading = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (!heading) return;
    const base = slug(heading[1] ?? '');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  });
  for (const match of proseOnly(markdown).matchAll(/<[a-z][^>]*\s(?:id|name)="([^"]+)"/gi)) {
    anchors.add(match[1] as string);
  }
  return anchors;
}

/** Links to elsewhere (`https:`, `mailto:`, …) are not checked here: unit tests do no network I/O. */
const isExternal = (target: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/**
 * What is wrong with one relative link of the page `file` (an absolute path), or undefined when it
 * resolves: the target must exist (`/x` is the repository root's, as on GitHub), and a `#anchor`
 * into a Markdown page must be one of its headings.
 */
export function linkProblem(file: string, target: string, root: string): string | undefined {
  if (isExternal(target)) return undefined;
  if (target === '') return 'the link has no target';
  const hash = target.indexOf('#');
  const pathPart = (hash === -1 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
  const anchor = hash === -1 ? undefined : target.slice(hash + 1);
  let path: string;
  try {
    path = decodeURIComponent(pathPart);
  } catch {
    return `the path "${pathPart}" is not valid percent-encoding`;
  }
  const resolved = path === '' ? file : path.startsWith('/') ? join(root, path) : resolve(dirname(file), path);
  if (!existsSync(resolved)) return `${relative(root, resolved).split(sep).join('/')} does not exist`;
  if (anchor === undefined || !resolved.endsWith('.md') || statSync(resolved).isDirectory()) return undefined;
  let decodedAnchor: string;
  try {
    decodedAnchor = decodeURIComponent(anchor);
  } catch {
    decodedAnchor = anchor;
  }
  if (anchorsOf(readFileSync(resolved, 'utf8')).has(decodedAnchor)) return undefined;
  return `${relative(root, resolved).split(sep).join('/')} has no heading with the anchor #${anchor}`;
}

/** The Markdown files under `directory` (recursively), as absolute paths; none when it does not exist. */
export function markdownFilesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : markdownFilesUnder(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}
