/** Runs the CLI in process, capturing what it writes. */
import { main } from '../../src/cli/main.js';

/** The exit code and the captured output of `goose-deps ARGV...`. */
export async function runCli(argv: string[], isTTY = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTTY });
  return { code, stdout, stderr };
}
