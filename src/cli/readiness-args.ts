/** The readiness command's flags, apart from the command so that its helpers (readiness-kept.ts) can name them without importing it. */
import type { CommonArgs } from './args.js';

/** Flags of the readiness command. */
export interface ReadinessArgs extends CommonArgs {
  /** `diff` compares the last two reports of --db; absent computes a report. */
  action?: 'diff';
  /** Repositories of what is already rebuilt. */
  built: string[];
  /** Only these source names. */
  only: string[];
  /** What if these sources were built (their upstream binaries count as rebuilt). */
  assumeBuilt?: string[];
  /** Output format (--json overrides). */
  format: 'text' | 'json' | 'markdown' | 'html';
  /** Write the report here instead of stdout (required for html). */
  output?: string;
  /** SQLite history file. */
  db?: string;
  /** Install weak dependencies into buildroots. */
  weak: boolean;
  /** Worker threads. */
  workers?: number;
}
