/** The CLI's view of the terminal: where output goes, and whether it is a TTY. */

/** Output sinks a command writes to (tests replace them). */
export interface CliIo {
  /** Standard output. */
  stdout: (s: string) => void;
  /** Standard error. */
  stderr: (s: string) => void;
  /** True when stdout is a terminal (colour, progress bars). */
  isTTY: boolean;
}

/** Which of the process's streams lost their reader, and whether stdout failed otherwise. */
const lost = { stdout: false, stderr: false, stdoutFailed: false };
let watching = false;

/** True for the errors a write gets once the reading end of a pipe is closed (`goose-deps ... | head`). */
export function isClosedPipeError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Makes a closed stdout or stderr end the output quietly, as `dnf ... | head` does: later writes are
 * dropped, the run finishes (so a report is still stored with --db) and exits with the code it
 * would have had. Any other failure to write stdout (a full disk) is one line on stderr and exit 2.
 */
function watchStreams(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', (e) => {
    lost.stdout = true;
    if (isClosedPipeError(e)) return;
    lost.stdoutFailed = true;
    if (!lost.stderr) process.stderr.write(`goose-deps: error [OUTPUT_FAILED]: cannot write to standard output: ${e.message}\n`);
  });
  process.stderr.on('error', () => void (lost.stderr = true));
  process.on('exit', () => {
    if (lost.stdoutFailed && Number(process.exitCode ?? 0) < 2) process.exitCode = 2;
  });
}

/** The process's real stdout/stderr; a closed pipe on either ends that output quietly (see README, exit codes). */
export function processIo(): CliIo {
  watchStreams();
  return {
    stdout: (s) => {
      if (!lost.stdout && !process.stdout.destroyed) process.stdout.write(s);
    },
    stderr: (s) => {
      if (!lost.stderr && !process.stderr.destroyed) process.stderr.write(s);
    },
    isTTY: Boolean(process.stdout.isTTY),
  };
}
