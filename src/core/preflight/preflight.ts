import type { ConfigFinding } from '../config/configFindings';
import { msg } from '../../shared/messageTemplate';
import { configDataCheck } from './checks/configDataCheck';
import { configFindingsCheck } from './checks/configFindingsCheck';
import { dataFilesCheck } from './checks/dataFilesCheck';
import { runPlanCheck } from './checks/runPlanCheck';
import { stopTokenCheck } from './checks/stopTokenCheck';
import { tokensCheck } from './checks/tokensCheck';
import type { PreflightCheck, PreflightContext, PreflightReport, ReportSection } from './preflightTypes';

/**
 * The pre-flight checks, in the order they run (later ones read what earlier ones left in
 * `context.shared`: the data files, then the tokens, then the plan). A new check is one more
 * entry here; its findings and section then appear in `tunelab preflight`, the VS Code report
 * and the launch gate without further wiring.
 */
export const PREFLIGHT_CHECKS: readonly PreflightCheck[] = [configFindingsCheck, configDataCheck, stopTokenCheck, dataFilesCheck, tokensCheck, runPlanCheck];

/** Runs every check; a check that throws is reported in its own section and the others still run. */
export async function runPreflight(context: PreflightContext, checks: readonly PreflightCheck[] = PREFLIGHT_CHECKS): Promise<PreflightReport> {
  const findings: ConfigFinding[] = [];
  const sections: ReportSection[] = [];
  const severities = context.settings['config.severity'];
  for (const check of checks) {
    context.signal?.throwIfAborted();
    try {
      const out = await check.run(context);
      for (const f of out.findings) {
        const configured = severities[f.code];
        if (configured === 'off') continue;
        findings.push(configured ? { ...f, severity: configured } : f);
      }
      if (out.section) sections.push(out.section);
    } catch (error) {
      if (context.signal?.aborted) throw error;
      sections.push({
        id: check.id,
        title: msg('Check failed'),
        lines: [{ message: msg('The {0} check failed: {1}'), args: [check.id, error instanceof Error ? error.message : String(error)] }],
      });
    }
  }
  findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return { configPath: context.configPath, kind: context.check.kind, findings, sections, blocking: findings.filter((f) => f.severity === 'error') };
}
