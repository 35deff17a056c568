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

/** The process's real stdout/stderr. */
export function processIo(): CliIo {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    isTTY: Boolean(process.stdout.isTTY),
  };
}
