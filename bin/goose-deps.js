#!/usr/bin/env node
// The goose-deps command. Compiled code lives in dist/ (built by `npm ci` through `prepare`).
import('../dist/cli/main.js').then((m) => m.cli(process.argv.slice(2)));
