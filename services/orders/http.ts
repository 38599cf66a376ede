import type { HttpResponse } from '#shared/middleware';
import { WorkflowUnavailable } from './domain/errors';

/**
 * Runs an HTTP route body, answering 503 with a clear message when the workflow is unreachable.
 * (The shared error middleware turns every 5xx into a generic 500, which would hide that the
 * order or review was stored and that a retry is safe.)
 */
export async function answerWorkflowUnavailable(run: () => Promise<HttpResponse>): Promise<HttpResponse> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WorkflowUnavailable) {
      return { statusCode: 503, body: { error: error.name, message: error.message }, headers: { 'retry-after': '5' } };
    }
    throw error;
  }
}
