import type { ConfigCheck } from '../config/checkConfig';
import type { ConfigFinding } from '../config/configFindings';
import type { ClusterShape } from '../config/facts/clusterShape';
import type { TrainingFacts } from '../config/facts/trainingFacts';
import type { ConfigKind } from '../config/kinds/configKind';
import type { Settings } from '../settings/settings';
import type { DataResolution } from './dataFiles';
import type { RunPlan } from './runPlan';
import type { TokenStats } from './tokens/tokenStats';

/** A line of a report section: an English template with `{0}` placeholders (localised by the adapters) and its arguments. */
export interface ReportLine {
  message: string;
  args: Array<string | number>;
  /** Indented under the line before it. */
  detail?: boolean;
}

/** A histogram the previewer draws (the CLI prints percentiles instead). */
export interface ReportHistogram {
  title: string;
  bins: Array<{ upTo: number; count: number }>;
  /** Drawn as a marker: the limit the bars are held against. */
  limit?: number;
}

export interface ReportSection {
  id: string;
  /** English title (a msg() template). */
  title: string;
  lines: ReportLine[];
  histograms?: ReportHistogram[];
  /** Structured figures for the JSON report. */
  data?: unknown;
}

/** Everything a check may read. Checks run in order and may leave results in `shared` for later ones. */
export interface PreflightContext {
  configPath: string;
  check: ConfigCheck & { kind: ConfigKind; facts: TrainingFacts };
  values: Readonly<Record<string, unknown>>;
  settings: Settings;
  /** Folders relative paths in the config are read against: the project root first, then the config's folder. */
  baseDirs: string[];
  env: Readonly<Record<string, string | undefined>>;
  /** `--tokenizer` (CLI); else the `tunelab.preflight.tokenizerPath` setting is used. */
  tokenizerPath?: string;
  gpus: number;
  gpuMemoryGiB?: number;
  /** The run's GPUs and where the figures came from (launch target, flags, settings); the run plan reads this first. */
  cluster?: ClusterShape;
  signal?: AbortSignal;
  /** Staged progress: a stage name (English template) and the share of it done, 0–1. */
  progress(stage: string, fraction?: number): void;
  shared: { data?: DataResolution; tokens?: TokenStats; tokenFiles?: string[]; evalRecords?: number; plan?: RunPlan };
}

export interface CheckOutput {
  findings: ConfigFinding[];
  section?: ReportSection;
}

/** One pre-flight check: adding one to PREFLIGHT_CHECKS (preflight.ts) is all it takes to run it everywhere. */
export interface PreflightCheck {
  readonly id: string;
  run(context: PreflightContext): Promise<CheckOutput> | CheckOutput;
}

export interface PreflightReport {
  configPath: string;
  kind: ConfigKind;
  findings: ConfigFinding[];
  sections: ReportSection[];
  /** Error-level findings: what the launch gate shows before anything is uploaded. */
  blocking: ConfigFinding[];
}
