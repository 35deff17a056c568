/**
 * The tag type table must agree with the installed librpm (`rpmTagGetTagType`, through ctypes):
 * every tag we know has the type librpm gives it. A newer librpm may know more tags.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isWrongTagType, RPM_TAG_TYPES } from '../../src/rpm/tag-types.js';
import { RpmTag, RpmType } from '../../src/rpm/tags.js';

const SCRIPT = `
import ctypes, ctypes.util, json, sys
name = ctypes.util.find_library('rpm') or 'librpm.so.9'
lib = ctypes.CDLL(name)
lib.rpmTagGetTagType.restype = ctypes.c_uint
tags = json.loads(sys.argv[1])
print(json.dumps({t: lib.rpmTagGetTagType(t) for t in tags}))
`;

describe('RPM_TAG_TYPES', () => {
  it('agrees with librpm for every tag it lists', () => {
    const tags = [...RPM_TAG_TYPES.keys()];
    expect(tags.length).toBeGreaterThan(200);
    const out = execFileSync('/usr/bin/python3', ['-c', SCRIPT, JSON.stringify(tags)], { encoding: 'utf8' });
    const librpm = JSON.parse(out) as Record<string, number>;
    for (const tag of tags) expect([tag, librpm[tag]]).toEqual([tag, RPM_TAG_TYPES.get(tag)]);
  });

  it('allows one string type for another, and unknown tags, as hdrchkTagType does', () => {
    expect(isWrongTagType(RpmTag.NAME, RpmType.STRING)).toBe(false);
    expect(isWrongTagType(RpmTag.SUMMARY, RpmType.STRING)).toBe(false);
    expect(isWrongTagType(RpmTag.NAME, RpmType.STRING_ARRAY)).toBe(false);
    expect(isWrongTagType(RpmTag.NAME, RpmType.INT32)).toBe(true);
    expect(isWrongTagType(RpmTag.EPOCH, RpmType.INT16)).toBe(true);
    expect(isWrongTagType(RpmTag.FILEMODES, RpmType.INT16)).toBe(false);
    expect(isWrongTagType(4999, RpmType.BIN)).toBe(false);
  });
});
