import type { Finding } from '../../shared/findings';
import { compareFindings, SEVERITY_ORDER, severityRank } from '../../shared/findings';

/**
 * The findings to show when there are more than `cap`: the most severe first, then in file
 * order. Findings come in file order (the engine sorts them), so the shown ones are picked in
 * one pass per severity and only they are sorted: a file with 200,000 near duplicates costs
 * the Problems panel `cap` diagnostics, never a copy or sort of all of them.
 */
export function capFindings(findings: readonly Finding[], cap: number): { shown: Finding[]; hidden: number } {
  if (findings.length <= cap) return { shown: [...findings], hidden: 0 };
  const shown: Finding[] = [];
  for (const severity of SEVERITY_ORDER) {
    for (let i = 0; i < findings.length && shown.length < cap; i++) if (findings[i].severity === severity) shown.push(findings[i]);
    if (shown.length >= cap) break;
  }
  shown.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareFindings(a, b));
  return { shown, hidden: findings.length - shown.length };
}
