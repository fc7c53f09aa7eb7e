import type { DatasetRule } from './datasetRule';
import { exactDuplicateRule } from './dataset/exactDuplicateRule';
import { mixedFormatsRule } from './dataset/mixedFormatsRule';
import { nearDuplicateRule } from './dataset/nearDuplicateRule';
import { templateToneRule } from './dataset/templateToneRule';

/**
 * Every dataset-level rule, in the order they finish: their stages in progress order, and the
 * exact-duplicate rule before the near-duplicate one (which leaves exact copies alone). Adding
 * one: its file under dataset/ (defineDatasetRule), this list, its test, its docs section.
 */
export const DATASET_RULES: readonly DatasetRule[] = [mixedFormatsRule, exactDuplicateRule, nearDuplicateRule, templateToneRule];
