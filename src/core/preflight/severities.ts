import type { ConfigFinding } from '../config/configFindings';
import type { Settings } from '../settings/settings';

/** The user's `tunelab.config.severity` choices applied to findings ('off' drops them). */
export function applySeverities(findings: readonly ConfigFinding[], settings?: Settings): ConfigFinding[] {
  const chosen = settings?.['config.severity'] ?? {};
  const out: ConfigFinding[] = [];
  for (const finding of findings) {
    const configured = chosen[finding.code];
    if (configured === 'off') continue;
    out.push(configured ? { ...finding, severity: configured } : finding);
  }
  return out;
}
