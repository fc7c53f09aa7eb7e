import type { Settings } from '../core/settings/settings';
import type { FindingCode } from '../shared/findings';

/** What `tunelab clean` was asked to do, once its arguments are read (JSON and columnar inputs alike). */
export interface CleanRequest {
  input: string;
  output: string;
  codes: ReadonlySet<FindingCode>;
  force: boolean;
  maxShare: number;
  settings: Settings;
}
