import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One Powertools logger per service, created once per process (module scope) so warm
 * invocations reuse it. JSON logs; level from POWERTOOLS_LOG_LEVEL.
 */
const loggers = new Map<string, Logger>();

export function serviceLogger(serviceName: string): Logger {
  let logger = loggers.get(serviceName);
  if (!logger) {
    logger = new Logger({ serviceName });
    loggers.set(serviceName, logger);
  }
  return logger;
}

/** The service name a logger of `serviceLogger` was created with (the tracer and metrics use the same name). */
export function loggerServiceName(logger: Logger): string | undefined {
  for (const [serviceName, known] of loggers) if (known === logger) return serviceName;
  return undefined;
}
