import type { CheckConfigOptions, ConfigCheck } from './checkConfig';
import type { ConfigFormat } from './document/parseConfig';

/** A config check asked of the config worker thread (src/workers/configCheck.ts). */
export interface ConfigCheckRequest {
  id: number;
  text: string;
  format: ConfigFormat;
  options: CheckConfigOptions;
}

/**
 * Its answer: the check (plain data, structured-cloned) or why there is none. The check comes
 * without `facts`, whose accessors are functions; `trainingFacts` rebuilds them from the values.
 */
export type ConfigCheckReply = { id: number; check: ConfigCheck } | { id: number; error: string };
