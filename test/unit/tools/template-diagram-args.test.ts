/** The arguments of `npm run check:template` and `npm run diagram`, parsed without running them. */
import { UsageError } from '../../../tools/cli/options';
import { parseDiagramArgs } from '../../../tools/diagram';
import { DEFAULT_STAGE, parseCheckTemplateArgs } from '../../../tools/template/check-template';

describe('parseCheckTemplateArgs', () => {
  it('packages the prod stage unless told otherwise, or checks a given template', () => {
    expect(parseCheckTemplateArgs([])).toEqual({ stage: DEFAULT_STAGE, templateFile: undefined });
    expect(parseCheckTemplateArgs(['--stage', 'dev'])).toEqual({ stage: 'dev', templateFile: undefined });
    expect(parseCheckTemplateArgs(['--template', 't.json', '--stage=qa'])).toEqual({
      stage: 'qa',
      templateFile: 't.json',
    });
  });

  it.each([
    [['--stage'], /^Option '--stage <value>' argument missing/],
    [['--stage='], /^--stage needs a stage name/],
    [['--template', ''], /^--template needs a file/],
    [['--tempalte', 't.json'], /^Unknown option '--tempalte'/],
    [['t.json'], /^Unexpected argument 't\.json'/],
  ])('refuses %j with a UsageError (exit code 2)', (argv, message) => {
    expect(() => parseCheckTemplateArgs(argv)).toThrow(UsageError);
    expect(() => parseCheckTemplateArgs(argv)).toThrow(message);
  });
});

describe('parseDiagramArgs', () => {
  it('takes no arguments, and refuses any rather than ignoring them', () => {
    expect(() => parseDiagramArgs([])).not.toThrow();
    expect(() => parseDiagramArgs(['--check'])).toThrow(/^Unknown option '--check'\nusage: npm run diagram/);
    expect(() => parseDiagramArgs(['README.md'])).toThrow(UsageError);
  });
});
