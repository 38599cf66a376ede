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
