/** goose-deps: the library entry point; it only re-exports. */
export const VERSION = '0.1.0';
