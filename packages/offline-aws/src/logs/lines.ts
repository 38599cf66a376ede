/**
 * The one-line records the offline stack prints itself, for people: one per Lambda invocation and
 * one per HTTP API request, in the manner of API Gateway's access log
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html: method,
 * path, status, latency, request id, the error). Every line is at most MAX_LINE characters; what
 * a function writes itself is not here (function-logs.ts keeps it, as a log group does).
 */

/** Longest line the stack prints itself. */
export const MAX_LINE = 200;

/** `text` on one line (newlines and tabs become spaces), cut to `max` characters with `…`. */
export function fitLine(text: string, max = MAX_LINE): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** What set an invocation off, when the caller knows it. */
export interface InvocationTrigger {
  /** Short and readable: `POST /orders`, `sns order-events`, `ord_1/ReserveInventory`, `Invoke`. */
  label: string;
  /** For a Task state's call: the execution and the state (the console links its attempts to their logs). */
  executionArn?: string;
  stateName?: string;
}

/** One ended invocation, as the stack reports it. */
export interface InvocationSummary {
  functionName: string;
  requestId: string;
  trigger?: InvocationTrigger;
  /** When the event was handed to the environment (epoch ms), and the handler's time (ms). */
  startedAt: number;
  durationMs: number;
  /** The environment's Init duration (ms) when this invocation was its first (a cold start). */
  initDurationMs?: number;
  /** The error type (Lambda's `errorType`) when the invocation failed. */
  error?: string;
}

const ms = (value: number) => `${Math.round(value)} ms`;

/**
 * `λ createOrder ok 41 ms cold (init 310 ms) ← POST /orders · 6f1c…-…` (the request id whole).
 * The trigger's label is cut first when the line would be too long.
 */
export function invocationLine(summary: InvocationSummary): string {
  const head = `λ ${summary.functionName} ${summary.error ?? 'ok'} ${ms(summary.durationMs)}`;
  const cold = summary.initDurationMs === undefined ? '' : ` cold (init ${ms(summary.initDurationMs)})`;
  const tail = ` · ${summary.requestId}`;
  const room = MAX_LINE - head.length - cold.length - tail.length - 3;
  const trigger = summary.trigger && room > 8 ? ` ← ${fitLine(summary.trigger.label, room)}` : '';
  return fitLine(`${head}${cold}${trigger}${tail}`);
}

/** The header of npm start's readiness probe (endpoints/probes.ts): the access log leaves such requests out. */
export const PROBE_HEADER = 'x-offline-aws-probe';

/** One HTTP API request as the access log records it. */
export interface AccessRecord {
  method: string;
  /** The request's path, without the query string (it may hold secrets). */
  path: string;
  status: number;
  durationMs: number;
  requestId: string;
  /** For a 4xx or 5xx: the error's name (errorName). */
  error?: string;
}

/** `HTTP POST /orders 400 12 ms ValidationError · <apigw-requestid>`. */
export function accessLine(record: AccessRecord): string {
  const error = record.error ? ` ${fitLine(record.error, 60)}` : '';
  const tail = ` ${ms(record.durationMs)}${error} · ${record.requestId}`;
  const head = `HTTP ${record.method} `;
  const path = fitLine(record.path, MAX_LINE - head.length - tail.length - 4);
  return fitLine(`${head}${path} ${record.status}${tail}`);
}

/**
 * The name a 4xx/5xx answer gives its error: the `error`, `code` or `message` string of a JSON
 * body (the gateway's own answers carry `message`, e.g. `Unauthorized`), else the status alone.
 */
export function errorName(status: number, body: Buffer | string): string | undefined {
  if (status < 400) return undefined;
  try {
    const parsed = JSON.parse(body.toString()) as unknown;
    if (parsed !== null && typeof parsed === 'object') {
      const fields = parsed as Record<string, unknown>;
      const name = [fields.error, fields.code, fields.message].find((v) => typeof v === 'string' && v !== '');
      if (typeof name === 'string') return name;
    }
  } catch {
    // not JSON: no name but the status
  }
  return undefined;
}
