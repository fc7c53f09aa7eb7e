import type { DatasetInfoEntry } from '../formats/datasetInfo';
import { describeFormat } from '../formats/recordModel';
import type { TurnRole } from '../formats/recordModel';
import type { ByteSource } from '../reading/byteSource';
import { forEachRecordText, parseRecord } from './pageReader';
import type { RecordIndex } from './recordIndex';
import type { DetailTurn, RecordLayout } from '../../../shared/protocol/datasetPreview';

/** Texts longer than this are cut in the detail view (the editor shows the rest). */
const MAX_TEXT_CHARS = 100_000;

/** One record, laid out for the previewer's chat view: the protocol's shape without the findings. */
export type RecordDetail = RecordLayout;

export async function readRecordDetail(reader: ByteSource, index: RecordIndex, row: number, info?: DatasetInfoEntry): Promise<RecordDetail | undefined> {
  let detail: RecordDetail | undefined;
  await forEachRecordText(reader, index, [row], (r, text) => {
    const line = index.record(r).line;
    if (text === undefined) return;
    const record = parseRecord(text, info);
    let raw = text;
    let parseError: string | undefined;
    try {
      raw = JSON.stringify(JSON.parse(text), null, 2);
    } catch (error) {
      parseError = error instanceof Error ? error.message : String(error);
    }
    const turn = (t: { role: TurnRole; sourceRole: string; text: string }): DetailTurn => ({
      role: t.role,
      sourceRole: t.sourceRole,
      text: t.text.slice(0, MAX_TEXT_CHARS),
      truncated: t.text.length > MAX_TEXT_CHARS,
    });
    detail = {
      row: r,
      line,
      format: record ? describeFormat(record.layout, record.kind) : undefined,
      system: record?.system?.text.slice(0, MAX_TEXT_CHARS),
      tools: record?.tools?.text.slice(0, MAX_TEXT_CHARS),
      turns: record
        ? [...record.turns.map(turn), ...(record.document ? [turn({ role: 'assistant', sourceRole: 'text', text: record.document.text })] : [])]
        : [],
      chosen: record?.chosen?.map(turn),
      rejected: record?.rejected?.map(turn),
      label: record?.label,
      raw: raw.slice(0, MAX_TEXT_CHARS),
      parseError,
    };
  });
  return detail;
}
