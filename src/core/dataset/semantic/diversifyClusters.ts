import type { DiversifyCluster } from '../../../shared/protocol/datasetPreview';
import type { Rejection } from './diversify';

/**
 * "Template tone" clusters: the rejected candidates grouped by the record they were rejected as
 * twins of (an admitted candidate, or a record of a training file), largest group first.
 * `againstNames`: the training files' names, by the index `Rejection.twinFile` uses.
 */
export function diversifyClusters(rejections: readonly Rejection[], againstNames: readonly string[]): DiversifyCluster[] {
  const groups = new Map<string, DiversifyCluster>();
  for (const r of rejections) {
    const key = `${r.twinFile}:${r.twinIndex}`;
    let group = groups.get(key);
    if (!group) {
      group =
        r.twinFile < 0 ? { twinRow: r.twinIndex, rows: [] } : { twinRow: -1, twinFile: againstNames[r.twinFile] ?? '', twinRecord: r.twinIndex + 1, rows: [] };
      groups.set(key, group);
    }
    group.rows.push(r.index);
  }
  const clusters = [...groups.values()];
  for (const c of clusters) c.rows.sort((a, b) => a - b);
  // Largest first; ties in the order of the twin's first rejected record.
  return clusters.sort((a, b) => b.rows.length - a.rows.length || a.rows[0] - b.rows[0]);
}
