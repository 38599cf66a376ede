/** What a CLI wrote to stdout and stderr during the current test. */
export interface CapturedOutput {
  stdout(): string;
  stderr(): string;
}

/**
 * For tests that call a CLI's main() in this process: stdout and stderr are captured from the
 * describe block's first beforeAll to its afterAll, and emptied before each test. A CLI's results
 * go to stdout's write as it is when the CLI routes its logs (tools/cli/output.ts), so they are
 * captured too.
 */
export function captureCliOutput(): CapturedOutput {
  let stdout = '';
  let stderr = '';
  const realStdoutWrite = process.stdout.write;
  const realStderrWrite = process.stderr.write;
  const capture = (append: (text: string) => void): typeof process.stdout.write =>
    ((chunk: string | Uint8Array) => {
      append(String(chunk));
      return true;
    }) as typeof process.stdout.write;

  beforeAll(() => {
    process.stdout.write = capture((text) => (stdout += text));
    process.stderr.write = capture((text) => (stderr += text));
  });
  beforeEach(() => {
    stdout = '';
    stderr = '';
  });
  afterAll(() => {
    process.stdout.write = realStdoutWrite;
    process.stderr.write = realStderrWrite;
  });
  return { stdout: () => stdout, stderr: () => stderr };
}
