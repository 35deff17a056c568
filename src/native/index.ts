/** The wasm boundary: loading, marshalling, typed glue calls and libsolv's constants. Only src/solv imports this. */
export * from './module.js';
export * from './marshal.js';
export { Bindings, bindings, type Handle, type ReadStatus, type DecompressResult } from './bindings.js';
export { FinishBindings, finishBindings } from './finish-bindings.js';
export { QueryBindings, queryBindings } from './query-bindings.js';
export * as C from './constants.js';
