import { ConfigurationError } from './errors';

/** Reads a required environment variable, failing with a message that names it. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new ConfigurationError(
      `Environment variable ${name} is not set; it is declared in the function's serverless.yml fragment.`,
    );
  }
  return value;
}

export function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    throw new ConfigurationError(`Environment variable ${name} must be a number, got "${raw}".`);
  }
  return value;
}
