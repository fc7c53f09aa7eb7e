import { NO_FORMAT, formatId, formatLabel } from '../../analysis/formatIds';
import { msg } from '../../../../shared/messageTemplate';
import { defineDatasetRule } from '../datasetRule';

/**
 * The dataset's format is the one most records have; records in another format would fail
 * LLaMA-Factory's conversion for this dataset. A file most of whose records fit no format
 * gets one finding for the shape instead (one error per record would drown it). The formats
 * are the engine's own per-record column (the summary shows them), so there is nothing to extract.
 */
export const mixedFormatsRule = defineDatasetRule<Record<string, never>, undefined>({
  info: [
    {
      code: 'mixed-formats',
      defaultSeverity: 'error',
      title: msg('Record in a different format'),
      why: msg('A dataset is converted with one format; records in another format fail to convert.'),
      settings: [],
    },
    {
      code: 'unknown-format',
      defaultSeverity: 'warning',
      title: msg('Records of an unknown shape'),
      why: msg(
        'No training framework reads records whose fields fit none of the dataset formats unless it is told which field is the prompt and which the answer; the content checks still ran on their text.',
      ),
      settings: [],
    },
  ],
  stage: 'duplicates',
  start: () => undefined,
  async finish(_state, { view, findings }) {
    const majority = view.majorityFormat;
    const unrecognised = formatId('unrecognised', 'sft');
    if (majority === unrecognised) {
      const count = view.formatCounts.get(unrecognised) ?? 0;
      const first = view.formats.indexOf(unrecognised);
      const sample = first >= 0 ? await view.readRawKeys(first) : '';
      findings.file(
        'unknown-format',
        msg(
          '{0} of {1} records fit no dataset format (fields: {2}): TuneLab checked the text in them for personal data, sensitive terms and placeholders, and fields named like an answer for length and repetition, but not their structure. Describe the file in dataset_info.json (formatting and columns) to check it as a dataset.',
        ),
        [count, view.records, sample],
        first >= 0 ? view.recordStart(first) : undefined,
      );
    } else if (majority !== NO_FORMAT) {
      const label = formatLabel(majority);
      for (const index of outlierRecords(view.formats, view.records, majority)) {
        findings.record(
          index,
          'mixed-formats',
          msg('This record is {0}, but the dataset is {1} (like most of its records).'),
          [formatLabel(view.formats[index]), label],
          {},
        );
      }
    }
  },
});

/** Indices of records whose format differs from the majority. */
export function outlierRecords(formats: Uint8Array, count: number, majority: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (formats[i] !== NO_FORMAT && formats[i] !== majority) out.push(i);
  return out;
}
