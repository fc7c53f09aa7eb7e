import type { Severity } from '../../shared/findings';

/**
 * What a finding code means: its default severity, a title, one sentence on why it matters
 * (from the domain rules), and the settings (without `tunelab.`) that tune it. Shown in
 * hovers, SARIF rule metadata and the docs.
 */
export interface RuleInfo<C extends string = string> {
  code: C;
  defaultSeverity: Severity;
  title: string;
  why: string;
  settings: readonly string[];
}

/**
 * The one shape every rule has, whatever it checks (a record, the whole dataset, a training
 * config, or the reading of the file itself): the codes it reports, with what each means.
 * The finding-code catalogues are built from the rule registries, so a code is described in
 * the file of the rule that reports it.
 */
export interface DefinedRule<C extends string = string> {
  readonly info: readonly RuleInfo<C>[];
  /** The codes of `info`, in order. */
  readonly codes: readonly C[];
}

/** Declares a rule: its behaviour (whatever its kind's interface asks for) and the codes it reports. */
export function defineRule<C extends string, R extends object>(rule: R & { info: readonly RuleInfo<C>[] }): R & DefinedRule<C> {
  return { ...rule, codes: rule.info.map((i) => i.code) };
}

/**
 * The catalogue of every code the rules report, in registry order. A code declared by two
 * rules is a mistake the registry test catches; here the first one wins.
 */
export function catalogOf<C extends string>(rules: ReadonlyArray<DefinedRule<C>>): Readonly<Record<C, RuleInfo<C>>> {
  const catalog = {} as Record<C, RuleInfo<C>>;
  for (const rule of rules) for (const info of rule.info) if (!(info.code in catalog)) catalog[info.code] = info;
  return catalog;
}

/** Codes declared by more than one rule (the registries' tests expect none). */
export function duplicateCodes(rules: ReadonlyArray<DefinedRule>): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const rule of rules) for (const code of rule.codes) (seen.has(code) ? twice : seen).add(code);
  return [...twice];
}
