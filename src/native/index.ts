/** The wasm boundary: loading, marshalling and libsolv's constants. Only src/solv imports this. */
export * from './module.js';
export * from './marshal.js';
export * as C from './constants.js';
