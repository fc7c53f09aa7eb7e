import type * as vscode from 'vscode';
import type { DatasetReport } from '../../core/dataset/analysis/analyzeDataset';
import { withSemanticFindings } from '../../core/dataset/semantic/mergeFindings';
import type { Finding, FindingCode } from '../../shared/findings';
import type { DiversifyOutcome } from '../../shared/protocol/datasetPreview';

/**
 * Findings a later pass joined to the diagnostics' report of a file (the opt-in semantic pass),
 * passed in by the composition root: the previewer never imports the diagnostics feature.
 */
export interface JoinedFindingsPort {
  /** Fires with a file's URI when its published findings change. */
  readonly onDidChange: vscode.Event<vscode.Uri>;
  /** The published findings of a file, joined ones included; undefined when they may not match the file on disk. */
  joinedFindings(uri: vscode.Uri): readonly Finding[] | undefined;
}

/** The codes only a later pass produces: the previewer's own analysis has none of them. */
const JOINED_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>(['semantic-duplicate']);

/** The previewer's own report with the joined findings of records it has (records: the file's record count). */
export function withJoinedFindings(own: DatasetReport, published: readonly Finding[] | undefined, records: number): DatasetReport {
  const extra = (published ?? []).filter((f) => JOINED_CODES.has(f.code) && f.record > 0 && f.record <= records);
  return withSemanticFindings(own, extra);
}

/** What *Diversify Dataset…* may be told instead of asking (tests, scripts). */
export interface DiversifyRequest {
  against?: vscode.Uri[];
  output?: vscode.Uri;
}

/** Services of other features the previewer uses, passed in by the composition root (src/extension.ts). */
export interface PreviewServices {
  joined?: JoinedFindingsPort;
  /** The admit filter (the semantic feature's): undefined when nothing ran. */
  diversify?: (uri: vscode.Uri, request?: DiversifyRequest) => Promise<DiversifyOutcome | undefined>;
}
