// The solve worker under a TypeScript runner (vitest, tsx): registers tsx's loader in this
// thread, then runs worker.ts. Compiled builds start worker.js directly (see service.ts).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
