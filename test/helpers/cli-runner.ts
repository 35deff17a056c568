/**
 * The goose-deps command as bin/goose-deps.js runs it (`main(process.argv.slice(2))` with the
 * process's real stdout and stderr), from the TypeScript sources: spawn it with `node --import tsx`.
 */
import { main } from '../../src/cli/main.js';

await main(process.argv.slice(2));
