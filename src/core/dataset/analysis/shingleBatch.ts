import { ContentDigester } from '../dedup/contentDigest';
import { exampleWords, packEntry } from '../dedup/distinctExamples';
import type { DatasetInfoEntry } from '../formats/datasetInfo';
import { normalizeRecord } from '../formats/normalizeRecord';

/** Records read back for near-duplicate verification, back to back: record k is bytes[ends[k − 1], ends[k]). */
export interface ShingleBatch {
  kind: 'shingles';
  sequence: number;
  bytes: Uint8Array;
  ends: Uint32Array;
}

/**
 * Each record's verification entry (its sorted, unique shingle hashes and the words of its
 * question and answer, packed by `packEntry`), back to back: record k's is
 * shingles[offsets[k], offsets[k + 1]).
 */
export interface ShingleResult {
  kind: 'shingles';
  sequence: number;
  offsets: Uint32Array;
  shingles: Uint32Array;
}

/**
 * Builds the shingle sets exact Jaccard compares (in a worker thread, so verification of a
 * duplicate-heavy file is shared by all cores). A record that no longer parses (the file
 * changed under us) gets an empty set.
 */
export class ShingleSetBuilder {
  private readonly digester = new ContentDigester();
  private readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly info: DatasetInfoEntry | undefined) {}

  build(batch: ShingleBatch): ShingleResult {
    const count = batch.ends.length;
    const offsets = new Uint32Array(count + 1);
    const sets: Uint32Array[] = [];
    let total = 0;
    for (let k = 0; k < count; k++) {
      const set = this.setOf(batch.bytes.subarray(k > 0 ? batch.ends[k - 1] : 0, batch.ends[k]));
      sets.push(set);
      total += set.length;
      offsets[k + 1] = total;
    }
    const shingles = new Uint32Array(total);
    for (let k = 0; k < count; k++) shingles.set(sets[k], offsets[k]);
    return { kind: 'shingles', sequence: batch.sequence, offsets, shingles };
  }

  private setOf(bytes: Uint8Array): Uint32Array {
    try {
      const { record } = normalizeRecord(JSON.parse(this.decoder.decode(bytes)), this.info);
      if (!record) return EMPTY_SET;
      this.digester.digest(record);
      return packEntry(this.digester.shingleSet(), exampleWords(record));
    } catch {
      return EMPTY_SET;
    }
  }
}

const EMPTY_SET = new Uint32Array(0);
