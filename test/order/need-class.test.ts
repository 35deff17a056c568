import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyBinaries } from '../../src/order/need-class.js';
import { classifyName, CLASS_FACTOR, isContentClass, NEED_CLASS, needWeights, VIA_BASE } from '../../src/order/weights.js';
import { packNeedEdges } from '../../src/order/index.js';
import { finishPool, openRepos } from '../../src/repodata/open.js';
import { Pool } from '../../src/solv/index.js';
import { describeWithData, sharedPath } from '../helpers/shared-data.js';
import { exampleGraph } from '../helpers/example.js';

describe('classifyName', () => {
  it('knows development and macro packages by name, RPM and Debian style', () => {
    expect(['glibc-devel', 'zlib-static', 'kernel-headers', 'libc6-dev', 'libncurses-dev'].map(classifyName)).toEqual(Array(5).fill(NEED_CLASS.devel));
    expect(['python3-rpm-macros', 'python-srpm-macros', 'go-srpm-macros'].map(classifyName)).toEqual(Array(3).fill(NEED_CLASS.macros));
    expect(['gcc', 'make', 'devel-tools', 'libdevel', 'rpm-macros-extra', 'libc6'].map(classifyName)).toEqual(Array(6).fill(NEED_CLASS.tool));
  });
});

describe('needWeights', () => {
  const g = (via: { binary: string; buildRequires?: string }[], kind: 'direct' | 'indirect' | 'group', classes: number[]) => ({
    ...packNeedEdges([{ from: 0, needs: 1, kind, via }]),
    binaryClass: Uint8Array.from(classes),
  });
  it('weighs a need by its heaviest binary: base by how it came in, times its class factor', () => {
    // A BuildRequires on a -devel package: direct x development.
    const devel = g([{ binary: 'glibc-devel', buildRequires: 'glibc-devel' }, { binary: 'glibc' }], 'direct', [NEED_CLASS.devel, NEED_CLASS.library]);
    const w = needWeights(devel);
    expect(w.weight[0]).toBe(VIA_BASE.direct * CLASS_FACTOR[NEED_CLASS.devel]);
    expect(w.content[0]).toBe(1);
    expect(devel.binaries[w.heaviest[0]]).toBe('glibc-devel');
    // In a direct row, a binary that came through runtime dependencies counts as indirect.
    const mixed = g([{ binary: 'g++', buildRequires: 'g++' }, { binary: 'libgcc-dev' }], 'direct', [NEED_CLASS.tool, NEED_CLASS.devel]);
    expect(needWeights(mixed).weight[0]).toBe(Math.max(VIA_BASE.direct, VIA_BASE.indirect * CLASS_FACTOR[NEED_CLASS.devel]));
    // Only the build group brings a tool: the cheapest need there is.
    const tool = g([{ binary: 'bash' }], 'group', [NEED_CLASS.tool]);
    expect(needWeights(tool)).toMatchObject({ weight: Float64Array.of(VIA_BASE.group), content: Uint8Array.of(0) });
  });
  it('puts a BuildRequires on content far above a BuildRequires on a tool, and that above content the group brings', () => {
    const directContent = VIA_BASE.direct * CLASS_FACTOR[NEED_CLASS.devel];
    const directTool = VIA_BASE.direct * CLASS_FACTOR[NEED_CLASS.tool];
    const groupContent = VIA_BASE.group * Math.max(...CLASS_FACTOR);
    expect(directContent).toBeGreaterThanOrEqual(5 * directTool);
    expect(directTool).toBeGreaterThan(groupContent);
    expect(isContentClass(NEED_CLASS.library)).toBe(true);
    expect(isContentClass(NEED_CLASS.tool)).toBe(false);
  });
});

describe('classifyBinaries on the example distribution', () => {
  it('finds sonames and -devel names in the fixture', async () => {
    const graph = await exampleGraph();
    const cls = (b: string) => graph.binaryClass![graph.binaries.indexOf(b)];
    expect(cls('glibc-devel')).toBe(NEED_CLASS.devel);
    expect(cls('glibc')).toBe(NEED_CLASS.library); // Provides: libc.so.6()(64bit)
    expect(cls('libgcc')).toBe(NEED_CLASS.library);
    expect(cls('bash')).toBe(NEED_CLASS.tool);
    expect(cls('make')).toBe(NEED_CLASS.tool);
  });
});

describeWithData('classifyBinaries on CentOS Stream 9 BaseOS', () => {
  const BASEOS = sharedPath('centos-stream-9', 'baseos-2022');
  const load = async (filelists: 'always' | 'never') => {
    const pool = new Pool({ arch: 'x86_64' });
    const repos = await openRepos(pool, [BASEOS], { noCache: true });
    await finishPool(pool, repos, { filelists });
    return { pool, repo: repos[0].repo };
  };
  let withFiles: Awaited<ReturnType<typeof load>>;
  let primaryOnly: Awaited<ReturnType<typeof load>>;
  beforeAll(async () => {
    withFiles = await load('always');
    primaryOnly = await load('never');
  });
  afterAll(() => {
    withFiles.pool.free();
    primaryOnly.pool.free();
  });
  const names = ['glibc', 'zlib', 'bash-completion', 'systemd-rpm-macros', 'selinux-policy', 'make', 'coreutils', 'bash', 'no-such-package'];
  it('reads sonames, pkgconfig provides and macro names from primary', () => {
    const c = classifyBinaries(primaryOnly.pool, [primaryOnly.repo], names);
    expect(Object.fromEntries(names.map((n, i) => [n, c[i]]))).toEqual({
      glibc: NEED_CLASS.library,
      zlib: NEED_CLASS.library,
      'bash-completion': NEED_CLASS.pkgconfig,
      'systemd-rpm-macros': NEED_CLASS.macros,
      'selinux-policy': NEED_CLASS.tool,
      make: NEED_CLASS.tool,
      coreutils: NEED_CLASS.tool,
      bash: NEED_CLASS.tool,
      'no-such-package': NEED_CLASS.tool,
    });
  });
  it('adds headers and macro files when filelists are loaded (make ships gnumake.h)', () => {
    const c = classifyBinaries(withFiles.pool, [withFiles.repo], names);
    expect(c[names.indexOf('selinux-policy')]).toBe(NEED_CLASS.macros); // /usr/lib/rpm/macros.d/macros.selinux-policy
    expect(c[names.indexOf('make')]).toBe(NEED_CLASS.headers); // /usr/include/gnumake.h
    expect(c[names.indexOf('coreutils')]).toBe(NEED_CLASS.tool);
    expect(c[names.indexOf('glibc')]).toBe(NEED_CLASS.library);
  });
});
