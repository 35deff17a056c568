/** The plan of the example, checked by an independent native computation (bench/native/plan_check.py, python3-solv). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE } from '../../src/cli/context.js';
import type { Plan } from '../../src/plan/index.js';
import { runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/shared-data.js';

type Checked = Record<'buildroots' | 'coverage' | 'clean' | 'needed' | 'agree', { ok: boolean } & Record<string, unknown>> & { steps: number; rebuilds: number };

let dir: string;
let plan: Plan & { group: unknown };
beforeAll(async () => {
  if (!existsSync('/usr/bin/python3')) throw new Error('/usr/bin/python3 with python3-solv is required');
  dir = mkdtempSync(join(tmpdir(), 'goose-plan-check-'));
  plan = JSON.parse((await runCli(['plan', '--example', '--no-cache', '--json'])).stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the native check on `p` (written to a file). */
function check(p: unknown, name: string): Checked {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(p));
  const bootstrap = join(dirname(EXAMPLE.srcrepo[0]), 'source-bootstrap');
  const out = execFileSync('/usr/bin/python3', [join(PROJECT_ROOT, 'bench', 'native', 'plan_check.py'), EXAMPLE.repo[0], EXAMPLE.srcrepo[0], file, bootstrap], { encoding: 'utf8' });
  return JSON.parse(out) as Checked;
}

describe('plan_check.py on the example plan', () => {
  it('finds every buildroot installing, every source planned, the plan clean under strict, every rebuild needed, and each step’s upstream as the plan says', () => {
    const r = check(plan, 'plan');
    expect(r).toMatchObject({ buildroots: { ok: true }, coverage: { ok: true }, clean: { ok: true }, needed: { ok: true }, agree: { ok: true } });
    expect(r.steps).toBe(plan.steps.length);
    expect(r.rebuilds).toBe(plan.summary.rebuilds);
    expect(r.needed.checked).toBe(plan.summary.rebuilds);
    // The python3 variant's buildroot was solved from the bootstrap repository's BuildRequires.
    expect(plan.steps.filter((s) => s.variant).map((s) => s.source)).toEqual(['python3']);
  });
  it('sees a plan without one of its rebuilds as unclean, and an extra rebuild as unneeded', () => {
    const rebuild = plan.steps.find((s) => s.pass === 2)!;
    const without = check({ ...plan, steps: plan.steps.filter((s) => s !== rebuild) }, 'without');
    expect(without.clean).toMatchObject({ ok: false, unclean: [rebuild.source] });
    const cleanFirst = plan.steps.find((s) => !s.bootstrap)!;
    const extra = { ...cleanFirst, pass: 2, wave: plan.summary.waves + 1 };
    expect(check({ ...plan, steps: [...plan.steps, extra] }, 'extra').needed).toMatchObject({ ok: false, unneeded: [cleanFirst.source] });
  });
  it('catches a step that misstates what it takes from upstream', () => {
    const steps = plan.steps.map((s, i) => (i === 0 ? { ...s, upstream: [] } : s));
    expect(check({ ...plan, steps }, 'misstated').agree.ok).toBe(false);
  });
});
