import type { ConfigFindingCode, FindingShape, Range } from '../../shared/findings';

/** A text edit computed by the core, so quick fixes only apply it. */
export interface ConfigEdit {
  range: Range;
  newText: string;
}

export interface ConfigFix {
  /** English template with `{0}` placeholders. */
  title: string;
  args: Array<string | number>;
  edits: ConfigEdit[];
  /** The fix a user most likely wants (shown first, applied by "auto fix"). */
  preferred?: boolean;
}

export interface ConfigFindingData {
  /** The top-level key the finding is about. */
  key?: string;
  /** The value as measured and the figure it was held against, for hovers. */
  measured?: number | string;
  recommended?: number | string;
  fixes?: ConfigFix[];
}

export type ConfigFinding = FindingShape<ConfigFindingCode, ConfigFindingData>;
