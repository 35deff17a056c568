/**
 * bench/RESULTS.md is shared by several benchmarks: each owns one section between markers
 * `<!-- section:NAME -->` and `<!-- /section:NAME -->` and rewrites only that.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Replaces (or appends) section `name` of the results file with `body`. */
export function writeSection(file: string, name: string, body: string): void {
  const start = `<!-- section:${name} -->`;
  const end = `<!-- /section:${name} -->`;
  const block = `${start}\n${body.trimEnd()}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks: goose-deps against native references, side by side\n';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  text = a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text.endsWith('\n') ? text : text + '\n');
}
