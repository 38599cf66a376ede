// The worker thread's entry: TypeScript through tsx, then the session (invoke-local-session.ts).
import { register } from 'tsx/esm/api';

register();
await import('./invoke-local-session.ts');
