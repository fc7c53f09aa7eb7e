import type { FindingCode, Severity } from '../../shared/findings';
import { msg } from '../../shared/messageTemplate';

/**
 * What every finding code means: its default severity, a title, and one sentence on why it
 * matters (from the domain rules), shown in hovers, SARIF rule metadata and the docs.
 */
export interface RuleInfo {
  code: FindingCode;
  defaultSeverity: Severity;
  title: string;
  why: string;
}

/** The settings (without `tunelab.`) that tune each code, for hovers and docs. */
export const RULE_SETTINGS: Readonly<Partial<Record<FindingCode, readonly string[]>>> = {
  'too-short': ['dataset.minResponseChars'],
  'too-long': ['dataset.maxResponseChars', 'dataset.otherScriptLengthFactor'],
  'low-unique-ratio': ['dataset.uniqueRatio.threshold', 'dataset.uniqueRatio.minRepeatWords', 'dataset.uniqueRatio.minWords'],
  'sensitive-term': ['dataset.useBundledLexicon', 'dataset.lexiconFiles'],
  pii: ['dataset.piiKinds'],
  'low-annotator-score': ['dataset.minMeanRating', 'dataset.ratingFields'],
  'near-duplicate': ['dataset.nearDuplicateThreshold'],
  'pair-too-similar': ['dataset.pairSimilarityThreshold'],
  'template-tone': ['dataset.templateTone.minShare', 'dataset.templateTone.minRecords'],
};

export const RULE_CATALOG: Readonly<Record<FindingCode, RuleInfo>> = {
  'malformed-json': {
    code: 'malformed-json',
    defaultSeverity: 'error',
    title: msg('Malformed JSON'),
    why: msg('Training frameworks stop at, or silently skip, records they cannot parse.'),
  },
  'invalid-encoding': {
    code: 'invalid-encoding',
    defaultSeverity: 'error',
    title: msg('Invalid UTF-8'),
    why: msg('Bytes that are not UTF-8 turn into replacement characters (�) that the model learns as text.'),
  },
  'invalid-record': {
    code: 'invalid-record',
    defaultSeverity: 'error',
    title: msg('Record does not fit its format'),
    why: msg('LLaMA-Factory drops records with missing or mistyped fields, often with only a log line.'),
  },
  'role-order': {
    code: 'role-order',
    defaultSeverity: 'error',
    title: msg('Turns out of order'),
    why: msg('LLaMA-Factory expects user/observation turns at odd positions and assistant/function-call turns at even ones, and discards conversations that break this.'),
  },
  'empty-turn': {
    code: 'empty-turn',
    defaultSeverity: 'error',
    title: msg('Empty turn'),
    why: msg('An empty prompt or response teaches the model to answer with nothing.'),
  },
  'too-short': {
    code: 'too-short',
    defaultSeverity: 'info',
    title: msg('Response too short'),
    why: msg('Responses under 10 characters are often perfunctory, and the model learns to answer curtly; but a label, a number or a role-play line is rightly short, so this is a pointer for review.'),
  },
  'too-long': {
    code: 'too-long',
    defaultSeverity: 'warning',
    title: msg('Response too long'),
    why: msg('Responses over 2,000 Chinese characters (6,000 in English, about 1,500 tokens) tend to ramble, and are cut at the cutoff length during training.'),
  },
  'low-unique-ratio': {
    code: 'low-unique-ratio',
    defaultSeverity: 'info',
    title: msg('Repetitive text'),
    why: msg('When under 70% of a text is new (the rest loops or repeats a copied block), the data is broken or degenerate, and the model would learn to loop.'),
  },
  'sensitive-term': {
    code: 'sensitive-term',
    defaultSeverity: 'info',
    title: msg('Sensitive term'),
    why: msg('Harmful or sensitive content needs a human decision before it is trained on; ambiguous hits go to review.'),
  },
  pii: {
    code: 'pii',
    defaultSeverity: 'warning',
    title: msg('Personal data'),
    why: msg('Models memorise personal data seen in training and can repeat it to anyone.'),
  },
  'low-annotator-score': {
    code: 'low-annotator-score',
    defaultSeverity: 'warning',
    title: msg('Low annotator score'),
    why: msg('Records whose mean annotator score is under 4.0 (of 5) should be dropped: rather 1,000 fewer records than one bad one.'),
  },
  'template-placeholder': {
    code: 'template-placeholder',
    defaultSeverity: 'warning',
    title: msg('Unfilled placeholder'),
    why: msg('A {{placeholder}} left in the data is learned literally: the model will answer "I am {{name}}".'),
  },
  'exact-duplicate': {
    code: 'exact-duplicate',
    defaultSeverity: 'warning',
    title: msg('Exact duplicate'),
    why: msg('Repeated records are over-weighted in training and waste compute; keep the first.'),
  },
  'near-duplicate': {
    code: 'near-duplicate',
    defaultSeverity: 'warning',
    title: msg('Near duplicate'),
    why: msg('Keep a record only if it is less than 0.85 similar to every kept one: near-copies teach the tone, not the skill.'),
  },
  'pair-too-similar': {
    code: 'pair-too-similar',
    defaultSeverity: 'warning',
    title: msg('Chosen and rejected nearly identical'),
    why: msg('A preference pair whose two answers barely differ carries almost no signal and adds noise to DPO/reward training.'),
  },
  'template-tone': {
    code: 'template-tone',
    defaultSeverity: 'info',
    title: msg('Templated tone'),
    why: msg('When many responses open or close with the same phrase, the model learns the "GPT flavour" instead of the skill.'),
  },
  'mixed-formats': {
    code: 'mixed-formats',
    defaultSeverity: 'error',
    title: msg('Record in a different format'),
    why: msg('A dataset is converted with one format; records in another format fail to convert.'),
  },
  'unknown-format': {
    code: 'unknown-format',
    defaultSeverity: 'warning',
    title: msg('Records of an unknown shape'),
    why: msg('No training framework reads records whose fields fit none of the dataset formats unless it is told which field is the prompt and which the answer; the content checks still ran on their text.'),
  },
  'not-a-dataset': {
    code: 'not-a-dataset',
    defaultSeverity: 'error',
    title: msg('Not a dataset'),
    why: msg('A dataset is a JSON array of records or JSON Lines (one record per line).'),
  },
};

export const FINDING_CODES = Object.keys(RULE_CATALOG) as FindingCode[];
