import type { Settings } from '../settings/settings';
import type { PiiKind } from '../text/pii';
import { PII_KINDS } from '../text/pii';
import type { RepetitionOptions } from '../text/repeatedPassages';
import type { FindingCode, Severity } from '../../shared/findings';

/** Everything the dataset engine is configured with; plain data, so it crosses to workers. */
export interface AnalysisOptions {
  minResponseChars: number;
  maxResponseChars: number;
  /** Other scripts may be this many times as long in characters as CJK text (see scriptLength). */
  otherScriptLengthFactor: number;
  uniqueRatio: RepetitionOptions;
  piiKinds: PiiKind[];
  ratingFields: string[];
  minMeanRating: number;
  /** Reviewers' scores by record content hash, from the review files beside the dataset (src/core/dataset/review). */
  reviewScores?: Record<string, number[]>;
  nearDuplicateThreshold: number;
  pairSimilarityThreshold: number;
  templateTone: { minShare: number; minRecords: number };
  categoryField: string;
  mixTargets: Record<string, number>;
  /** Overrides of the default severities; `off` disables a code. */
  severity: Partial<Record<FindingCode, Severity | 'off'>>;
  lexicon: { useBundled: boolean; files: string[] };
}

export function analysisOptionsFrom(settings: Settings): AnalysisOptions {
  return {
    minResponseChars: settings['dataset.minResponseChars'],
    maxResponseChars: settings['dataset.maxResponseChars'],
    otherScriptLengthFactor: settings['dataset.otherScriptLengthFactor'],
    uniqueRatio: {
      threshold: settings['dataset.uniqueRatio.threshold'],
      minRepeatWords: settings['dataset.uniqueRatio.minRepeatWords'],
      minWords: settings['dataset.uniqueRatio.minWords'],
    },
    piiKinds: settings['dataset.piiKinds'].filter((k): k is PiiKind => (PII_KINDS as readonly string[]).includes(k)),
    ratingFields: [...settings['dataset.ratingFields']],
    minMeanRating: settings['dataset.minMeanRating'],
    nearDuplicateThreshold: settings['dataset.nearDuplicateThreshold'],
    pairSimilarityThreshold: settings['dataset.pairSimilarityThreshold'],
    templateTone: { minShare: settings['dataset.templateTone.minShare'], minRecords: settings['dataset.templateTone.minRecords'] },
    categoryField: settings['dataset.mix.categoryField'],
    mixTargets: { ...settings['dataset.mix.targets'] },
    severity: { ...settings['dataset.severity'] },
    lexicon: { useBundled: settings['dataset.useBundledLexicon'], files: [...settings['dataset.lexiconFiles']] },
  };
}
