/** Durations and instants as the console shows them. Pure (no DOM): unit-tested in Node. */

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
