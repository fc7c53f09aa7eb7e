/** The stages an analysis goes through, in order. */
export const ANALYSIS_STAGES = ['reading', 'duplicates', 'near-duplicates', 'findings'] as const;
export type AnalysisStage = (typeof ANALYSIS_STAGES)[number];

export interface AnalysisProgress {
  stage: AnalysisStage;
  /** How far the current stage is: `done` of `total` (bytes while reading, records or findings after that). */
  done: number;
  total: number;
  bytes: number;
  totalBytes: number;
  records: number;
}

/**
 * Each stage's share of a whole analysis, roughly as time goes on typical data (reading and
 * the per-record rules dominate; on duplicate-heavy data near-duplicate verification grows),
 * so an overall progress bar never jumps back nor sits still through a stage.
 */
const STAGE_WEIGHTS: Record<AnalysisStage, number> = { reading: 0.75, duplicates: 0.03, 'near-duplicates': 0.17, findings: 0.05 };

/** The whole analysis's progress, 0–1, from a stage's progress. */
export function overallFraction(progress: Pick<AnalysisProgress, 'stage' | 'done' | 'total'>): number {
  let before = 0;
  for (const stage of ANALYSIS_STAGES) {
    if (stage === progress.stage) break;
    before += STAGE_WEIGHTS[stage];
  }
  const within = progress.total > 0 ? Math.min(1, Math.max(0, progress.done / progress.total)) : 0;
  return before + STAGE_WEIGHTS[progress.stage] * within;
}

/** The stage's own progress in whole percent. */
export function stagePercent(progress: Pick<AnalysisProgress, 'done' | 'total'>): number {
  return progress.total > 0 ? Math.min(100, Math.floor((100 * progress.done) / progress.total)) : 0;
}
