import { Logger } from '@aws-lambda-powertools/logger';
import { loggerServiceName, serviceLogger } from '../../../services/shared/logger';

describe('serviceLogger', () => {
  it('creates one logger per service and remembers its service name', () => {
    const logger = serviceLogger('inventory');
    expect(serviceLogger('inventory')).toBe(logger);
    expect(serviceLogger('payment')).not.toBe(logger);
    expect(loggerServiceName(logger)).toBe('inventory');
  });

  it('knows no name for a logger it did not create', () => {
    expect(loggerServiceName(new Logger({ serviceName: 'elsewhere' }))).toBeUndefined();
  });
});
