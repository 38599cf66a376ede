/** A small element builder: `h('button', { class: 'x', onclick }, 'Label')`. Text is always set as text, never as HTML. */
type Child = Node | string | number | false | null | undefined;
type Attributes = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? String(child) : child);
  }
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(
  tag: string,
  attributes: Record<string, string | number> = {},
  ...children: (Node | string)[]
): SVGElement {
  const element = document.createElementNS(SVG, tag) as SVGElement;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/** Pretty JSON of a JSON text (the text itself when it does not parse). */
export function pretty(text: string | undefined): string {
  if (text === undefined) return '—';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** The local time zone's offset at `ms` (epoch ms) as `UTC+02:00` (summer and winter differ). */
export function zoneOffset(ms: number): string {
  const minutes = -new Date(ms).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  return `UTC${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** The page's time zone, for headings: `Europe/Paris, UTC+02:00` (the offset of now). */
export function zoneLabel(now = Date.now()): string {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const offset = zoneOffset(now);
  return !name || name === 'UTC' || name === 'Etc/UTC' ? offset : `${name}, ${offset}`;
}

/**
 * An epoch-ms instant in local time, ISO-like with date and milliseconds:
 * `2025-05-02 14:03:05.123 UTC+02:00`; `zone: false` leaves the offset out (for a column whose
 * heading states it). `—` when undefined.
 */
export function formatTime(ms: number | undefined, options: { zone?: boolean } = {}): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  const d = new Date(ms);
  const text =
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  return options.zone === false ? text : `${text} ${zoneOffset(ms)}`;
}

export function formatUsd(amount: number): string {
  return amount >= 0.01 ? `$${amount.toFixed(2)}` : `$${amount.toFixed(6)}`;
}

/** A cause as a person reads it: Lambda's `{"errorType","errorMessage",…}` gives its message. */
export function readableCause(cause: string | undefined): string | undefined {
  if (cause === undefined || cause === '') return undefined;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // a plain-text cause
  }
  return cause;
}
