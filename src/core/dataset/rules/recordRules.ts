import { emptyTurnRule } from './record/emptyTurnRule';
import { invalidRecordRule } from './record/invalidRecordRule';
import { lowAnnotatorScoreRule } from './record/lowAnnotatorScoreRule';
import { lowUniqueRatioRule } from './record/lowUniqueRatioRule';
import { pairTooSimilarRule } from './record/pairTooSimilarRule';
import { piiRule } from './record/piiRule';
import { roleOrderRule } from './record/roleOrderRule';
import { sensitiveTermRule } from './record/sensitiveTermRule';
import { templatePlaceholderRule } from './record/templatePlaceholderRule';
import { tooLongRule } from './record/tooLongRule';
import { tooShortRule } from './record/tooShortRule';
import type { RecordRule } from './recordRule';

/** Every per-record rule. Adding one: its file under record/, this list, its test. */
export const RECORD_RULES: readonly RecordRule[] = [
  invalidRecordRule,
  roleOrderRule,
  emptyTurnRule,
  tooShortRule,
  tooLongRule,
  lowUniqueRatioRule,
  sensitiveTermRule,
  piiRule,
  lowAnnotatorScoreRule,
  templatePlaceholderRule,
  pairTooSimilarRule,
];
