import type { ConfigFinding } from '../../../config/configFindings';
import { configFinding } from '../../../config/rules/configRule';
import { msg } from '../../../../shared/messageTemplate';
import type { DatasetInfoContext, DatasetInfoRule } from '../datasetInfoRule';

/**
 * Records with chosen and rejected answers under an entry without ranking: true. LLaMA-Factory
 * then reads them as SFT (or KTO) data and ignores the pairs, and the preference stages refuse
 * the entry. Counted on the sample: most records must hold both keys.
 */
export const rankingMismatchRule: DatasetInfoRule = {
  codes: ['ranking-mismatch'],
  check(context: DatasetInfoContext): ConfigFinding[] {
    const findings: ConfigFinding[] = [];
    for (const entry of context.info.entries) {
      if (entry.ranking.value) continue;
      const sampled = context.sampleOf(entry);
      if (!sampled) continue;
      const { sample } = sampled;
      const chosen = entry.columns.chosen?.value ?? 'chosen';
      const rejected = entry.columns.rejected?.value ?? 'rejected';
      const pairs = Math.min(sample.keys.get(chosen) ?? 0, sample.keys.get(rejected) ?? 0);
      if (pairs * 2 <= sample.records) continue;
      findings.push(
        configFinding(
          'ranking-mismatch',
          entry.ranking.range,
          msg(
            '{0} of the first {1} records of {2} hold {3} and {4} answers, but dataset {5} has no ranking: true: LLaMA-Factory reads it as SFT data and ignores the pairs.',
          ),
          [pairs, sample.records, sampled.facts.sampledFile ?? sampled.facts.fileName, chosen, rejected, entry.name],
          { key: entry.name },
        ),
      );
    }
    return findings;
  },
};
