/**
 * Flag values a type alone does not check (architectures: arch.ts). A bad value is a USAGE error
 * (exit 2) whose sentence names the flag and the value, never a crash later. Loaded with the
 * command definitions, so it imports nothing heavy.
 */
import { GooseError } from '../errors.js';

/**
 * A yargs `coerce` for a flag taking a whole number of at least `min` (declare the flag
 * `type: 'string'` so the value arrives as typed): `--workers abc`, `--workers -1` and
 * `--workers 1.5` become a USAGE error naming the flag and the value. A repeated flag keeps the last.
 */
export function wholeNumber(flag: string, min?: number): (value: unknown) => number | undefined {
  return (value) => {
    if (value === undefined) return undefined;
    const given = Array.isArray(value) ? value[value.length - 1] : value;
    const text = String(given).trim();
    const n = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isSafeInteger(n) && (min === undefined || n >= min)) return n;
    throw new GooseError('USAGE', `--${flag} takes a whole number${min === undefined ? '' : ` of at least ${min}`}, not '${String(given)}'`);
  };
}
