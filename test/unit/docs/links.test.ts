/**
 * Every relative link of the documentation resolves: README.md, docs/**, and each package's
 * README.md and docs/**. The target file or folder exists and, for a `#anchor` into a Markdown
 * page, that page has a heading with GitHub's anchor for it. Links to elsewhere (https:, mailto:)
 * are left alone: unit tests do no network I/O.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { anchorsOf, linkProblem, linksOf, markdownFilesUnder, proseOnly, slug } from './markdown-links';

const root = resolve(__dirname, '../../..');

function documentationFiles(): string[] {
  const packages = existsSync(join(root, 'packages'))
    ? readdirSync(join(root, 'packages'), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => join(root, 'packages', entry.name))
    : [];
  return [
    join(root, 'README.md'),
    ...markdownFilesUnder(join(root, 'docs')),
    ...packages.flatMap((dir) => [join(dir, 'README.md'), ...markdownFilesUnder(join(dir, 'docs'))]),
  ]
    .filter((file) => existsSync(file))
    .map((file) => relative(root, file));
}

describe('the relative links of the documentation', () => {
  const files = documentationFiles();

  it('covers the README, docs/ and the packages', () => {
    expect(files).toContain('README.md');
    expect(files.filter((file) => file.startsWith('docs/')).length).toBeGreaterThan(0);
  });

  it.each(files)('%s: every relative link resolves', (file) => {
    const path = join(root, file);
    const broken = linksOf(readFileSync(path, 'utf8')).flatMap(({ line, source, target }) => {
      const problem = linkProblem(path, target, root);
      return problem ? [`${file}:${line}: ${source} → ${problem}`] : [];
    });
    if (broken.length > 0) throw new Error(`${broken.length} broken link(s):\n${broken.join('\n')}`);
  });
});

describe('slug (GitHub heading anchors)', () => {
  it.each([
    ['The two commands', 'the-two-commands'],
    ['Operations & deployment', 'operations--deployment'],
    ['`sls invoke local`: joining a running stack', 'sls-invoke-local-joining-a-running-stack'],
    ['5. Outputs', '5-outputs'],
    [
      'Notes: deploy-grade packages (issue 16), before and after',
      'notes-deploy-grade-packages-issue-16-before-and-after',
    ],
    ['snake_case and **bold** [a link](x.md)', 'snake_case-and-bold-a-link'],
    [
      'Before: main at a3c877f (one Jest project, `test/slow/` apart)',
      'before-main-at-a3c877f-one-jest-project-testslow-apart',
    ],
    [
      'Later on 2026-11-29 (14:20-16:00 UTC): 202 s → about 130 s',
      'later-on-2026-11-29-1420-1600-utc-202-s--about-130-s',
    ],
  ])('%s → %s', (heading, anchor) => {
    expect(slug(heading)).toBe(anchor);
  });

  it('numbers repeated headings and ignores headings in code', () => {
    const page = '# A\n\n## Notes\n\n```bash\n# Notes\n```\n\n### Notes\n\n## Notes\n';
    expect([...anchorsOf(page)]).toEqual(['a', 'notes', 'notes-1', 'notes-2']);
  });
});

describe('linksOf', () => {
  it('finds inline links, images and definitions, wrapped over lines, with their lines', () => {
    const page = [
      'See [the',
      'runbook](docs/operations.md#alerts "title") and ![a shot](shots/a.png).',
      '',
      '[ref]: <other page.md>',
    ].join('\n');
    expect(linksOf(page)).toEqual([
      { line: 1, source: '[the runbook](docs/operations.md#alerts "title")', target: 'docs/operations.md#alerts' },
      { line: 2, source: '![a shot](shots/a.png)', target: 'shots/a.png' },
      { line: 4, source: '[ref]: <other page.md>', target: 'other page.md' },
    ]);
  });

  it('skips fenced code, code spans, escapes and comments', () => {
    const page = [
      '```md',
      '[in a fence](missing.md)',
      '```',
      '   ~~~',
      '   [indented fence](missing.md)',
      '   ~~~',
      'Code: `[span](missing.md)` and ``[double `tick`](missing.md)``, \\[escaped](missing.md).',
      '<!-- [commented](missing.md) -->',
      '[kept](kept.md)',
    ].join('\n');
    expect(linksOf(page).map((link) => link.target)).toEqual(['kept.md']);
    expect(proseOnly(page).split('\n')).toHaveLength(9);
  });
});

describe('linkProblem', () => {
  // A small tree of its own, so these cases do not depend on the pages of the day.
  const tree = mkdtempSync(join(tmpdir(), 'links-'));
  mkdirSync(join(tree, 'docs', 'shots'), { recursive: true });
  writeFileSync(join(tree, 'README.md'), '# Front page\n\n## Setup & run\n');
  writeFileSync(join(tree, 'docs', 'guide.md'), '# Guide\n\n## Alerts\n\n## Alerts\n');
  writeFileSync(join(tree, 'docs', 'shots', 'a.png'), '');
  const readme = join(tree, 'README.md');
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('accepts existing files, folders and anchors, and leaves other schemes alone', () => {
    expect(linkProblem(readme, 'docs/guide.md', tree)).toBeUndefined();
    expect(linkProblem(readme, 'docs/shots/', tree)).toBeUndefined();
    expect(linkProblem(readme, 'docs/shots/a.png', tree)).toBeUndefined();
    expect(linkProblem(readme, '/docs/guide.md#alerts-1', tree)).toBeUndefined();
    expect(linkProblem(readme, '#setup--run', tree)).toBeUndefined();
    expect(linkProblem(join(tree, 'docs', 'guide.md'), '../README.md#front-page', tree)).toBeUndefined();
    expect(linkProblem(readme, 'https://example.com/missing', tree)).toBeUndefined();
    expect(linkProblem(readme, 'mailto:ops@example.com', tree)).toBeUndefined();
  });

  it('names a missing file and a missing anchor', () => {
    expect(linkProblem(readme, 'docs/missing.md', tree)).toBe('docs/missing.md does not exist');
    expect(linkProblem(readme, 'docs/guide.md#alerts-2', tree)).toBe(
      'docs/guide.md has no heading with the anchor #alerts-2',
    );
    expect(linkProblem(readme, '#setup-run', tree)).toBe('README.md has no heading with the anchor #setup-run');
  });
});
