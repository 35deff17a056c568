/** Bad numeric flag values: exit 2 with a sentence naming the flag and the value, never a crash (issue 11). */
import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { wholeNumber } from '../../src/cli/options.js';
import { runCli } from '../helpers/cli.js';

describe('wholeNumber', () => {
  const workers = wholeNumber('workers', 1);
  it('takes whole numbers in range, as typed', () => {
    expect(workers('1')).toBe(1);
    expect(workers(' 16 ')).toBe(16);
    expect(workers('+3')).toBe(3);
    expect(workers(undefined)).toBeUndefined();
    expect(workers(['2', '4'])).toBe(4); // a repeated flag: the last wins
    expect(wholeNumber('latest-limit')('-2')).toBe(-2);
  });
  it('rejects anything else with a USAGE error naming the flag and the value', () => {
    for (const bad of ['abc', '-1', '0', '1.5', '', '1e3', '0x10', '99999999999999999999', 'NaN', 'Infinity']) {
      let e: unknown;
      try {
        workers(bad);
      } catch (x) {
        e = x;
      }
      expect(e, bad).toBeInstanceOf(GooseError);
      expect((e as GooseError).code).toBe('USAGE');
      expect((e as GooseError).message).toBe(`--workers takes a whole number of at least 1, not '${bad}'`);
    }
    expect(() => wholeNumber('latest-limit')('x')).toThrow("--latest-limit takes a whole number, not 'x'");
  });
});

describe('bad flag values on the command line', () => {
  const cases: [string[], string][] = [
    [['order', '--example', '--workers', 'abc'], "--workers takes a whole number of at least 1, not 'abc'"],
    [['order', '--example', '--workers', '-1'], "--workers takes a whole number of at least 1, not '-1'"],
    [['buildroot', '--example', '--workers', '0'], "--workers takes a whole number of at least 1, not '0'"],
    [['readiness', '--workers', '2.5'], "--workers takes a whole number of at least 1, not '2.5'"],
    [['query', '--repo', 'x', '--latest-limit', 'two'], "--latest-limit takes a whole number, not 'two'"],
    [['order', '--example', '--format', 'svg'], 'Argument: format, Given: "svg"'],
    [['buildroot', '--example', '--list', 'everything'], 'Argument: list, Given: "everything"'],
  ];
  for (const [argv, sentence] of cases) {
    it(argv.join(' '), async () => {
      const r = await runCli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(sentence);
      expect(r.stderr).not.toContain('internal error');
      expect(r.stdout).toBe('');
    });
  }
});
