import { compareFindings, configuredSeverity } from '../../shared/findings';
import { msg } from '../../shared/messageTemplate';
import type { Settings } from '../settings/settings';
import type { ConfigFinding } from './configFindings';
import type { ConfigDocument } from './document/configTree';
import { topLevelValues } from './document/configTree';
import type { ConfigFormat } from './document/parseConfig';
import { parseConfig } from './document/parseConfig';
import type { ClusterShape } from './facts/clusterShape';
import { clusterFromSettings } from './facts/clusterShape';
import { readDeepspeedConfig } from './facts/deepspeedConfig';
import type { TrainingFacts } from './facts/trainingFacts';
import { trainingFacts } from './facts/trainingFacts';
import type { ConfigKind, OtherConfig } from './kinds/configKind';
import { detectConfigKind } from './kinds/detectConfigKind';
import { kindFromFile, kindFromFileName } from './kinds/kindOverride';
import type { ConfigRuleContext } from './rules/configRule';
import { DOMAIN_RULES, SCHEMA_RULES } from './rules/configRules';

export interface CheckConfigOptions {
  settings: Settings;
  /** The file's name or path: `*.<kind>.yaml` names its kind. */
  fileName?: string;
  /** A kind chosen outside the file (settings glob map, the status bar); 'none' turns checking off. */
  kindOverride?: ConfigKind | 'none';
  /** Leave syntax, schema and unknown-key findings to a language server that validates the file. */
  skipSchemaRules?: boolean;
  /**
   * The GPUs the run gets (nodes, GPUs per node, memory, and where those figures came from):
   * from the launch target or the CLI flags. Default: the `tunelab.config.gpu.*` settings.
   */
  cluster?: ClusterShape;
  /** Read the DeepSpeed JSON file the config names (needs an absolute `fileName`); plain data, so it crosses to the worker. */
  readFiles?: boolean;
}

export interface ConfigCheck {
  document: ConfigDocument;
  kind?: ConfigKind;
  other?: OtherConfig;
  /** How the kind was decided. */
  kindSource: 'file' | 'override' | 'content';
  evidence: string[];
  /** How sure the kind is: named by the file, a setting or many keys (`strong`), or a few keys (`weak`). */
  strength?: 'strong' | 'weak';
  facts?: TrainingFacts;
  findings: ConfigFinding[];
}

/**
 * The largest config checked, in characters of text (bytes for a file not yet read): about
 * 2 MB. Real training configs are a few kilobytes; the check is linear, so this bounds its time
 * and memory (a 2 MB YAML parses into a tree of some hundred megabytes).
 */
export const MAX_CONFIG_SIZE = 2_000_000;

/**
 * The check of a file over MAX_CONFIG_SIZE: not parsed (not even read, from the CLI), no kind,
 * one finding that says so, at the top of the file.
 */
export function configTooLarge(size: number, format: ConfigFormat, settings?: Settings): ConfigCheck {
  const start = { line: 0, column: 0 };
  const document: ConfigDocument = { format, syntaxErrors: [], headerComments: [], lineCount: 1, indent: '', end: start, endsWithNewline: false };
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const finding: ConfigFinding = {
    code: 'too-large',
    severity: 'warning',
    range: { start, end: start },
    message: msg('This file is {0} MB; TuneLab checks training configs up to {1} MB, so it is not checked.'),
    args: [mb(size), mb(MAX_CONFIG_SIZE)],
    data: { measured: size, recommended: MAX_CONFIG_SIZE },
  };
  const severity = settings ? configuredSeverity(settings['config.severity'], 'too-large', finding.severity) : finding.severity;
  const findings = severity ? [{ ...finding, severity }] : [];
  return { document, other: 'unknown', kindSource: 'content', evidence: [], findings };
}

/**
 * Checks one training config: parse with positions, decide the kind (the file's own modeline
 * or `$schema`, then an override, then the content), run the schema and domain rules, and
 * apply the severity settings. Plain data in and out: the editor, the CLI and the benchmark
 * all call this.
 */
export function checkConfig(text: string, format: ConfigFormat, options: CheckConfigOptions): ConfigCheck {
  if (text.length > MAX_CONFIG_SIZE) return configTooLarge(text.length, format, options.settings);
  const document = parseConfig(text, format);
  const values = topLevelValues(document);
  const fromFile = kindFromFile(document) ?? (options.fileName ? kindFromFileName(options.fileName) : undefined);
  let kind: ConfigKind | undefined;
  let other: OtherConfig | undefined;
  let kindSource: ConfigCheck['kindSource'] = 'content';
  let evidence: string[] = [];
  let strength: ConfigCheck['strength'] = 'strong';
  if (fromFile) {
    kind = fromFile;
    kindSource = 'file';
  } else if (options.kindOverride) {
    kindSource = 'override';
    if (options.kindOverride === 'none') other = 'unknown';
    else kind = options.kindOverride;
  } else {
    const detection = detectConfigKind(values);
    kind = detection.kind;
    other = detection.other;
    evidence = detection.evidence;
    strength = detection.strength;
  }
  if (!kind) return { document, other, kindSource, evidence, findings: [] };

  const settings = options.settings;
  const deepspeedConfig = options.readFiles ? readDeepspeedConfig(values.deepspeed, options.fileName) : undefined;
  const facts: TrainingFacts = { ...trainingFacts(kind, values, settings), ...(deepspeedConfig ? { deepspeedConfig } : {}) };
  const cluster = options.cluster ?? clusterFromSettings(settings);
  const findings: ConfigFinding[] = [];
  if (!options.skipSchemaRules) {
    for (const error of document.syntaxErrors)
      findings.push({ code: 'syntax', severity: 'error', range: error.range, message: msg('{0}'), args: [error.message], data: {} });
  }
  // A file that does not parse is checked no further: positions after the error are guesses.
  if (document.syntaxErrors.length === 0) {
    const context: ConfigRuleContext = { document, kind, values, facts, settings, cluster, fileName: options.fileName, strength: strength ?? 'weak' };
    // Domain rules read keys; a file that is not a mapping only gets the schema's message.
    const domain = document.root?.type === 'object' ? DOMAIN_RULES : [];
    const rules = options.skipSchemaRules ? domain : [...SCHEMA_RULES, ...domain];
    for (const rule of rules) findings.push(...rule.check(context));
  }
  const severities = settings['config.severity'];
  const shown = findings
    .map((f) => {
      const severity = configuredSeverity(severities, f.code, f.severity);
      return severity && (severity === f.severity ? f : { ...f, severity });
    })
    .filter((f): f is ConfigFinding => f !== undefined)
    .filter(firstOfEach())
    .sort(compareFindings);
  // Strength is a property of detection: a kind named by the file or a setting is simply the kind.
  return { document, kind, kindSource, evidence, strength: kindSource === 'content' ? strength : undefined, facts, findings: shown };
}

/**
 * Drops repeats of a finding: a block merged or aliased into several places (`<<: *defaults`)
 * is one piece of text, so a problem in it is reported once, with the path of its first use
 * (the arguments differ only in that path: `datasets[0].x`, `datasets[1].x`).
 */
function firstOfEach(): (f: ConfigFinding) => boolean {
  const seen = new Set<string>();
  return (f) => {
    const key = `${f.code}\u0000${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}
