#!/usr/bin/env node
// The goose-deps command. Compiled code lives in dist/ (built by `npm ci` through `prepare`):
// dist/bundle/main.js is the command line bundled by scripts/bundle.mjs (a few files to load
// instead of about a hundred modules: the start-up of every command), dist/cli/main.js the same
// code unbundled, run when there is no bundle.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/main.js', import.meta.url);
import(existsSync(bundle) ? bundle.href : '../dist/cli/main.js').then((m) => m.cli(process.argv.slice(2)));
