import type { ConfigFinding } from '../../../config/configFindings';
import { configFinding } from '../../../config/rules/configRule';
import { closestKey } from '../../../config/facts/closestKey';
import { msg } from '../../../../shared/messageTemplate';
import { describeKeys } from '../dataFile';
import type { DatasetInfoContext, DatasetInfoRule } from '../datasetInfoRule';
import { isMessagesFormat, memberKeyRange } from '../datasetInfoModel';
import { formatMismatch } from '../formatMismatch';

/**
 * Columns LLaMA-Factory will read that the records do not have. Written columns are checked
 * all; of the defaults only those whose absence certainly breaks the data: the prompt and the
 * answer of alpaca (query and history may be absent) and the messages of sharegpt. A preference
 * entry must name its chosen and rejected columns, which have no default.
 */
export const columnMismatchRule: DatasetInfoRule = {
  codes: ['column-missing'],
  check(context: DatasetInfoContext): ConfigFinding[] {
    const findings: ConfigFinding[] = [];
    for (const entry of context.info.entries) {
      if (entry.ranking.value && entry.fileName && (!entry.columns.chosen || !entry.columns.rejected)) {
        findings.push(
          configFinding(
            'column-missing',
            entry.ranking.range,
            msg('Dataset {0} has ranking: true but its columns name no {1}: preference data needs columns.chosen and columns.rejected (they have no default).'),
            [entry.name, !entry.columns.chosen ? 'chosen' : 'rejected'],
            { key: entry.name },
          ),
        );
      }
      const sampled = context.sampleOf(entry);
      if (!sampled || formatMismatch(entry, sampled.sample)) continue;
      const { sample, facts } = sampled;
      const messages = isMessagesFormat(entry.formatting.value);
      for (const [name, column] of Object.entries(entry.columns)) {
        if (sample.keys.has(column.value)) continue;
        if (!column.written) {
          const required = messages ? name === 'messages' : name === 'prompt' || (name === 'response' && !entry.ranking.value);
          if (!required) continue;
        }
        if (messages && (name === 'prompt' || name === 'query' || name === 'response' || name === 'history')) continue; // not read by sharegpt
        if (!messages && name === 'messages') continue; // not read by alpaca
        const suggestion = closestKey(column.value, sample.keys.keys());
        const args = [column.value, name, sample.records, facts.sampledFile ?? facts.fileName, describeKeys(sample.keys)];
        const range = column.written ? column.range : memberKeyRange(entry, 'columns');
        const message = !column.written
          ? msg('Dataset {0} names no columns, so LLaMA-Factory reads {2} from column {1}, which the first {3} records of {4} do not have; they have: {5}.')
          : suggestion
            ? msg('Column {0} ({1}) is not in the first {2} records of {3}; they have: {4}. Did you mean {5}?')
            : msg('Column {0} ({1}) is not in the first {2} records of {3}; they have: {4}.');
        const fullArgs = !column.written ? [entry.name, ...args] : suggestion ? [...args, suggestion] : args;
        findings.push(configFinding('column-missing', range, message, fullArgs, { key: entry.name }));
      }
    }
    return findings;
  },
};
