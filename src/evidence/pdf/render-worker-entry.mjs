// Worker threads do not inherit tsx's loader in every host (vitest, plain node), so the render
// thread registers it itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./render-worker.ts');
