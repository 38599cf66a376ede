/**
 * Captures what Powertools writes. Logger and Metrics print through their own `Console` on
 * process.stdout / process.stderr (not the global console jest intercepts), so the streams'
 * `write` is what to watch.
 */
export type JsonLine = Record<string, unknown>;

export interface CapturedOutput {
  /** Every JSON line written since the capture started (or was cleared). */
  json(): JsonLine[];
  /** Log lines of the Powertools logger (they have a `level`). */
  logs(): JsonLine[];
  /** Embedded metric format documents (they have `_aws`). */
  emf(): EmfDocument[];
  /** Everything written, JSON or not. */
  text(): string;
  clear(): void;
  restore(): void;
}

export interface EmfDocument extends JsonLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
}

export function captureOutput(): CapturedOutput {
  let chunks: string[] = [];
  const record = ((chunk: string | Uint8Array): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  }) as typeof process.stdout.write;
  const spies = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')];
  for (const spy of spies) spy.mockImplementation(record);

  const text = () => chunks.join('');
  const json = () =>
    text()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as JsonLine);
  return {
    json,
    logs: () => json().filter((line) => typeof line.level === 'string'),
    emf: () => json().filter((line): line is EmfDocument => typeof line._aws === 'object' && line._aws !== null),
    text,
    clear: () => {
      chunks = [];
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

/** `{ name, dimensions }` of every metric in EMF documents: what CloudWatch would store. */
export function metricsOf(documents: EmfDocument[]): { name: string; value: unknown; dimensions: JsonLine }[] {
  return documents.flatMap((document) =>
    document._aws.CloudWatchMetrics.flatMap(({ Dimensions, Metrics }) =>
      Metrics.map(({ Name }) => ({
        name: Name,
        value: document[Name],
        dimensions: Object.fromEntries((Dimensions[0] ?? []).map((key) => [key, document[key]])),
      })),
    ),
  );
}
