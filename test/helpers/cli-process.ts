/** Runs the real CLI in a child process (real stdout/stderr pipes), for what only a process shows: pipes, signals, exit codes. */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PROJECT_ROOT } from './shared-data.js';

/** The script that runs `main` as bin/goose-deps.js does, from the sources. */
export const CLI_RUNNER = join(PROJECT_ROOT, 'test', 'helpers', 'cli-runner.ts');

/** Starts `goose-deps ARGV...` with stdout and stderr as pipes. */
export function spawnCli(argv: string[], env: NodeJS.ProcessEnv = {}): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, ['--import', 'tsx', CLI_RUNNER, ...argv], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

/** Resolves with the exit code (or the signal's name) once the child has exited. */
export function exitOf(child: ChildProcessByStdio<null, Readable, Readable>): Promise<number | string> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? signal ?? -1));
  });
}

/** Collects everything the stream carries. */
export function collect(stream: Readable): () => string {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (s: string) => void (text += s));
  return () => text;
}
