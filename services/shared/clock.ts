/** ISO-8601 timestamp of now. Domain functions take `now` as a parameter so tests can fix it. */
export const nowIso = (): string => new Date().toISOString();
