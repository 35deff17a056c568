/** sql.js, loaded once per process (its wasm file is found beside its JS in node_modules). */
import { createRequire } from 'node:module';
import type { SqlJsStatic } from 'sql.js';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** The sql.js module, initialised on first use. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= (async () => {
    const require = createRequire(import.meta.url);
    const init = require('sql.js') as (config?: object) => Promise<SqlJsStatic>;
    return init({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) });
  })();
  return sqlJs;
}
