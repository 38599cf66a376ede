import { serviceLogger } from '#shared/logger';

export const logger = serviceLogger('shipping');
