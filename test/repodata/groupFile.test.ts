import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GooseError } from '../../src/errors.js';
import { parseGroupFile } from '../../src/repodata/groupFile.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';

describe('parseGroupFile', () => {
  it('reads names, skips comments and blanks, sorts and dedupes', () => {
    expect(parseGroupFile('# build group\nbash\r\n\n  gcc   # the compiler\nbash\nperl(Carp)\n')).toEqual(['bash', 'gcc', 'perl(Carp)']);
    expect(parseGroupFile('')).toEqual([]);
  });

  it('names the file and line of a malformed entry', () => {
    try {
      parseGroupFile('bash\ngcc make\n', 'grp.txt');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GooseError);
      expect((e as GooseError).code).toBe('GROUP_FILE_INVALID');
      expect((e as GooseError).line).toBe(2);
      expect((e as GooseError).message).toMatch(/^grp\.txt:2: /);
    }
  });
});

describeWithData('parseGroupFile on bookworm-rpmmd/buildroot.txt', () => {
  it('reads the 24 build-essential names', () => {
    const names = parseGroupFile(readFileSync(sharedPath('bookworm-rpmmd', 'buildroot.txt'), 'utf8'));
    expect(names).toHaveLength(24);
    expect(names).toContain('bash');
  });
});
