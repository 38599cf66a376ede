import { formatImport, lineOutcomes, type ImportReport } from '../../../tools/offline/bulk-import';

describe('bulk import results', () => {
  it("reads each line's outcome from the ResultWriter's SUCCEEDED and FAILED entries, by line number", () => {
    const succeeded = [
      { Output: JSON.stringify({ lineNumber: 2, orderId: 'ord_b', status: 'PENDING', outcome: 'already-placed' }) },
      { Output: JSON.stringify({ lineNumber: 1, orderId: 'ord_a', status: 'PENDING', outcome: 'placed' }) },
    ];
    const failed = [
      {
        Input: JSON.stringify({ lineNumber: 3, line: {} }),
        Error: 'ValidationError',
        Cause: JSON.stringify({
          errorType: 'ValidationError',
          errorMessage: 'Invalid import line 3: customerId: missing',
        }),
      },
    ];
    const lines = lineOutcomes(succeeded, failed);
    expect(lines).toEqual([
      { lineNumber: 1, outcome: 'placed', orderId: 'ord_a', status: 'PENDING' },
      { lineNumber: 2, outcome: 'already-placed', orderId: 'ord_b', status: 'PENDING' },
      {
        lineNumber: 3,
        outcome: 'refused',
        error: 'ValidationError',
        reason: 'Invalid import line 3: customerId: missing',
      },
    ]);
    const report: ImportReport = {
      source: { bucket: 'b', key: 'imports/f.jsonl' },
      executionArn: 'arn',
      status: 'SUCCEEDED',
      results: { bucket: 'b', key: 'results/r/manifest.json' },
      lines,
    };
    expect(formatImport(report).split('\n')).toEqual([
      'line 1: placed ord_a (PENDING)',
      'line 2: already placed ord_b (PENDING)',
      'line 3: refused (ValidationError) Invalid import line 3: customerId: missing',
      '1 placed, 1 already placed, 1 refused',
      'import SUCCEEDED',
      'results: s3://b/results/r/manifest.json',
    ]);
  });
});

describe('npm run import arguments', () => {
  it('refuses no file, two files, a missing file and an unknown option with a UsageError, before starting anything', async () => {
    const { main } = await import('../../../tools/cli/import');
    const { UsageError } = await import('../../../tools/cli/options');
    await expect(main([])).rejects.toThrow(/Give exactly one JSON Lines file/);
    await expect(main(['a.jsonl', 'b.jsonl'])).rejects.toThrow(/Give exactly one JSON Lines file/);
    await expect(main(['events/import/missing.jsonl'])).rejects.toThrow(
      /^No such file: events\/import\/missing\.jsonl\nusage: npm run import/,
    );
    await expect(main(['events/import/orders.jsonl', '--bogus'])).rejects.toBeInstanceOf(UsageError);
  });
});

describe('npm run import: a directory', () => {
  it('says it is a directory, not that there is no such file', async () => {
    const { main } = await import('../../../tools/cli/import');
    await expect(main(['events'])).rejects.toThrow(
      /^events is a directory: give a JSON Lines file\nusage: npm run import/,
    );
    await expect(main(['events/import/'])).rejects.toThrow(/is a directory/);
  });
});

describe('npm run import: what the JSONL reader would refuse whole, said before anything is uploaded', () => {
  it.each([
    ['an empty file', Buffer.from(''), /^x\.jsonl is empty: a JSON Lines file has one order per line/],
    ['blank lines only', Buffer.from('\n \n'), /is empty/],
    ['a byte order mark', Buffer.from('\uFEFF{"a":1}\n'), /^x\.jsonl starts with a byte order mark \(BOM\)/],
  ])('refuses %s', async (_what, bytes, message) => {
    const { checkJsonLinesText } = await import('../../../tools/cli/import');
    expect(() => checkJsonLinesText('x.jsonl', bytes)).toThrow(message);
  });

  it('takes a file with lines, CRLF endings included', async () => {
    const { checkJsonLinesText } = await import('../../../tools/cli/import');
    expect(() => checkJsonLinesText('x.jsonl', Buffer.from('{"a":1}\r\n{"b":2}\r\n'))).not.toThrow();
  });
});
