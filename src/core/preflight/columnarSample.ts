import { openColumnar } from '../dataset/columnar/openColumnar';
import { SAMPLE_RECORDS } from './datasetInfo/dataFile';
import { setColumnarSampler } from './loadPreflightData';

/**
 * The first rows of a Parquet / Arrow / CSV file as plain records (column → value), for the
 * data checks' sample: the columns an entry names are compared with these, as with JSON keys.
 * Only the head is read (a Parquet row group, a few CSV lines).
 */
export async function sampleColumnarRows(path: string, limit = SAMPLE_RECORDS): Promise<unknown[]> {
  const source = await openColumnar(path);
  const records: unknown[] = [];
  try {
    for await (const { record } of source.rows(() => undefined)) {
      records.push(record);
      if (records.length >= limit) break;
    }
  } finally {
    await source.close();
  }
  return records;
}

/** The data checks sample Parquet / Arrow / CSV files too (the CLI, the pre-flight worker). */
export function enableColumnarSamples(): void {
  setColumnarSampler(sampleColumnarRows);
}
