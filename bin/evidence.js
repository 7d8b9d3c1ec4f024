#!/usr/bin/env node
// The CLI runs from the TypeScript sources through tsx, so it works straight after `npm ci`
// with no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
