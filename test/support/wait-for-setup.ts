// Setup file of the stack tests' processes (jest.config.cjs): see setup-ready.ts.
import { waitForGlobalSetup } from './setup-ready';

await waitForGlobalSetup();
