import { UsageError } from '../../../tools/cli/options';

/** The UsageError `parse` throws (the test fails when it parses, or throws anything else). */
export function usageError(parse: () => unknown): UsageError {
  try {
    parse();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('the arguments were accepted');
}
