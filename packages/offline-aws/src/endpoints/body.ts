/**
 * A request body read within a limit, for every local endpoint: refused from its Content-Length
 * before anything is read, else as soon as it passes the limit, so that an oversized body is never
 * held in memory. Each endpoint answers the refusal as its service does (413 and its own error).
 */
import type { IncomingMessage } from 'node:http';

/** The body, or undefined once it passes `limit` bytes (the rest is not buffered). */
export async function readBodyWithin(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * An AWS JSON protocol request body (awsJson1_0 / 1_1): a JSON object, `{}` when empty.
 * @returns undefined when the text is not a JSON object (the caller answers SerializationException).
 */
export function parseJsonObjectBody(text: string): Record<string, unknown> | undefined {
  if (!text) return {};
  try {
    const body = JSON.parse(text) as unknown;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // not JSON: undefined below
  }
  return undefined;
}
