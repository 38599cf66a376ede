// TypeScript for the test processes of jest-light-runner (plain Node, no jest transform): tsx's
// loader, registered once per process.
import { register } from 'tsx/esm/api';

if (!globalThis.__tsxRegistered) {
  register();
  globalThis.__tsxRegistered = true;
}
