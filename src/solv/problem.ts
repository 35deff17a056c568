/**
 * Problem: why a job cannot be satisfied, as structured rule info first and text second.
 * src/explain turns these into sentences; nothing there parses libsolv's strings.
 */
import { C } from '../native/index.js';

/** The kind of a rule that takes part in a problem (libsolv's SolverRuleinfo, lower-cased). */
export type RuleKind =
  | 'pkg' | 'pkg_not_installable' | 'pkg_nothing_provides_dep' | 'pkg_requires' | 'pkg_self_conflict'
  | 'pkg_conflicts' | 'pkg_same_name' | 'pkg_obsoletes' | 'pkg_implicit_obsoletes' | 'pkg_installed_obsoletes'
  | 'pkg_recommends' | 'pkg_constrains' | 'pkg_supplements' | 'update' | 'feature' | 'job'
  | 'job_nothing_provides_dep' | 'job_provided_by_system' | 'job_unknown_package' | 'job_unsupported'
  | 'distupgrade' | 'infarch' | 'choice' | 'learnt' | 'best' | 'yumobs' | 'recommends' | 'black'
  | 'strict_repo_priority' | 'unknown';

const kindByCode = new Map<number, RuleKind>();
for (const [name, value] of Object.entries(C)) {
  if (name.startsWith('SOLVER_RULE_') && name !== 'SOLVER_RULE_TYPEMASK' && !name.startsWith('SOLVER_RULE_RPM')) {
    kindByCode.set(value as number, name.slice('SOLVER_RULE_'.length).toLowerCase() as RuleKind);
  }
}

/** The rule kind for a SolverRuleinfo code. */
export function ruleKind(code: number): RuleKind {
  return kindByCode.get(code) ?? kindByCode.get(code & C.SOLVER_RULE_TYPEMASK) ?? 'unknown';
}

/** One cause of a problem: a rule, what it is about, and libsolv's sentence for it. */
export interface RuleInfo {
  /** What kind of rule. */
  kind: RuleKind;
  /** The raw SolverRuleinfo code. */
  code: number;
  /** Solvable id the rule comes from (0 when none, and for job rules). */
  source: number;
  /** Solvable id it points to (0 when none, and for job rules). */
  target: number;
  /** Dependency id involved (0 when none; for a job rule, the job's dependency or name id when it has one). */
  dep: number;
  /** For job rules (`job*` kinds): the job, as libsolv reports it instead of solvables. */
  job?: { index: number; how: number; what: number };
  /** libsolv's wording, for display only. */
  text: string;
}

/** An unsatisfiable part of a job. */
export interface Problem {
  /** 1-based problem number within the solve. */
  id: number;
  /** libsolv's one-line summary of the problem. */
  text: string;
  /** Every rule involved (solver_findallproblemrules + solver_allruleinfos). */
  rules: RuleInfo[];
  /** The single most relevant rule (solver_findproblemrule). */
  primary: RuleInfo;
}
