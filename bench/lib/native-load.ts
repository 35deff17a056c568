/**
 * The native reference of a cold load, shared by bench/start.ts and bench/cold-load.ts: a whole
 * python3-solv process that parses one primary.xml(.gz) as libsolv's own tools do
 * (`add_rpmmd`, `addfileprovides`, `createwhatprovides`) and prints the package count.
 */
const NATIVE_LOAD = [
  'import solv, sys',
  'pool = solv.Pool(); pool.setarch("x86_64")',
  'repo = pool.add_repo("r"); f = solv.xfopen(sys.argv[1]); repo.add_rpmmd(f, None); f.close()',
  'pool.addfileprovides(); pool.createwhatprovides()',
  'print(repo.nsolvables)',
].join('\n');

/** The argv of that python3-solv process for `primaryFile`. */
export const nativeLoadArgv = (primaryFile: string): string[] => ['/usr/bin/python3', '-c', NATIVE_LOAD, primaryFile];
