import { relative } from 'node:path';
import type { ConfigFinding } from '../../config/configFindings';
import { topLevelEntry } from '../../config/document/configTree';
import { CONFIG_RULE_CATALOG } from '../../config/configRuleCatalog';
import type { Range } from '../../../shared/findings';
import { msg } from '../../../shared/messageTemplate';
import type { PreflightCheck, PreflightContext, ReportLine } from '../preflightTypes';
import type { ModelTokenizer } from '../tokens/modelTokenizer';
import { ESTIMATE_COUNTER, loadModelTokenizer } from '../tokens/modelTokenizer';
import type { TokenizerLocation } from '../tokens/tokenizerLocation';
import { findTokenizer } from '../tokens/tokenizerLocation';
import type { OverLimitAction } from '../tokens/trainerLimit';
import { trainerLimit } from '../tokens/trainerLimit';
import type { TokenStats } from '../tokens/tokenStats';
import { tokenStats } from '../tokens/tokenStats';
import { withColumnarAsJsonLines } from '../tokens/columnarInputs';

/** Records listed one by one in the report (all are counted). */
const LISTED = 20;

const ACTION_MESSAGES: Record<OverLimitAction, string> = {
  'truncate-pairs': msg(
    '{0} of {1} training records are longer than {2} = {3} tokens ({4} tokens over in all, longest {5}). LLaMA-Factory truncates them: each prompt/response pair shares the budget in proportion to its lengths, and turns past it are dropped.',
  ),
  'split-blocks': msg(
    '{0} of {1} training texts are longer than {2} = {3} tokens ({4} tokens over in all, longest {5}). Pre-training concatenates the texts and cuts them into blocks of {3} tokens: they are split, nothing is lost.',
  ),
  drop: msg(
    '{0} of {1} training records are longer than {2} = {3} tokens ({4} tokens over in all, longest {5}). Axolotl drops them (excess_length_strategy: drop, the default).',
  ),
  truncate: msg(
    '{0} of {1} training records are longer than {2} = {3} tokens ({4} tokens over in all, longest {5}). The trainer truncates them to {3} tokens: the end of each is not trained on.',
  ),
  raise: msg(
    '{0} of {1} training records are longer than {2} = {3} tokens ({4} tokens over in all, longest {5}). Axolotl stops with an error on the first one (excess_length_strategy: raise).',
  ),
};

/** Token lengths with the model's own tokenizer (or a labelled estimate), and the records over the trainer's limit. */
export const tokensCheck: PreflightCheck = {
  id: 'tokens',
  async run(context) {
    const data = context.shared.data;
    const files = (data?.train ?? []).flatMap((d) => d.files.map((file) => ({ file, info: d.info })));
    if (!files.length) return { findings: [] };
    const { facts } = context.check;
    const findings: ConfigFinding[] = [];
    const lines: ReportLine[] = [];
    context.progress(msg('Loading the tokenizer'));
    const model = modelOf(context);
    const location = locateTokenizer(context);
    let tokenizer: ModelTokenizer | undefined;
    if (location.found) {
      tokenizer = await loadModelTokenizer(location.dir);
      lines.push({ message: msg('Tokenizer: {0} ({1})'), args: [location.dir, location.source] });
    } else {
      lines.push({
        message: msg('No tokenizer.json found (looked in: {0}): token figures are ESTIMATES (about 1.5 CJK characters or 4 other characters a token).'),
        args: [location.searched.join(', ') || '—'],
      });
      findings.push(
        finding(
          context,
          'tokenizer-missing',
          rangeOf(context, facts.policy?.key || facts.keys.model),
          msg(
            'No tokenizer found for {0} (no download is attempted): token counts are estimates. Set tunelab.preflight.tokenizerPath or pass --tokenizer to count exactly.',
          ),
          [model ?? '—'],
        ),
      );
    }
    const limit = trainerLimit(facts);
    context.progress(msg('Counting tokens'), 0);
    const stats = await withColumnarAsJsonLines(files, context.signal, (inputs) =>
      tokenStats(inputs, {
        counter: tokenizer?.counter ?? ESTIMATE_COUNTER,
        chatTemplate: tokenizer?.chatTemplate,
        specials: { eos: tokenizer?.eosToken, bos: tokenizer?.bosToken },
        limit,
        sampleSize: context.settings['preflight.sampleSize'],
        signal: context.signal,
        onProgress: (done, total) => context.progress(msg('Counting tokens'), total ? done / total : undefined),
      }),
    );
    context.shared.tokens = stats;
    const evalFiles = (data?.eval ?? []).flatMap((d) => d.files.map((file) => ({ file, info: d.info })));
    if (evalFiles.length) {
      // Evaluation records are only counted (for the plan): a limit no record reaches tokenizes nothing.
      const counted = await withColumnarAsJsonLines(evalFiles, context.signal, (inputs) =>
        tokenStats(inputs, {
          counter: ESTIMATE_COUNTER,
          specials: {},
          limit: { ...limit, limit: Number.MAX_SAFE_INTEGER },
          sampleSize: 0,
          signal: context.signal,
        }),
      );
      context.shared.evalRecords = counted.records;
    }
    context.shared.tokenFiles = files.map((f) => f.file);
    lines.push(...summaryLines(stats, context));
    const over = stats.overLimit;
    if (over.count > 0 && limit.action !== 'split-blocks') {
      const longest = Math.max(...over.records.map((r) => r.tokens), 0);
      const f = finding(context, 'over-cutoff', rangeOf(context, limit.key), ACTION_MESSAGES[limit.action], [
        over.count,
        stats.records,
        limit.key,
        limit.limit,
        over.excessTokens,
        longest,
      ]);
      f.data = { key: limit.key, measured: over.count, recommended: limit.limit };
      // Exact counts make a warning; an estimate is only a note. Axolotl's `raise` stops the run: an error.
      f.severity = !stats.exact ? 'info' : limit.action === 'raise' ? 'error' : f.severity;
      findings.push(f);
    }
    return {
      findings,
      section: {
        id: 'tokens',
        title: stats.exact ? msg('Tokens') : msg('Tokens (estimated)'),
        lines,
        histograms: [
          { title: msg('Whole templated records (tokens)'), bins: stats.whole.histogram, limit: limit.limit },
          { title: msg('Prompts (tokens)'), bins: stats.prompt.histogram },
          { title: msg('Responses (tokens)'), bins: stats.response.histogram },
        ],
        data: { ...stats, tokenizer: location.found ? { dir: location.dir, source: location.source } : null },
      },
    };
  },
};

/** The config's model name or path (`model_name_or_path`, Axolotl `base_model`). */
export function modelOf(context: PreflightContext): string | undefined {
  const { facts } = context.check;
  return facts.policy?.name ?? (typeof context.values[facts.keys.model] === 'string' ? (context.values[facts.keys.model] as string) : undefined);
}

/** Where the model's tokenizer is: the setting or --tokenizer, the model folder, the Hugging Face cache. */
export function locateTokenizer(context: PreflightContext): TokenizerLocation {
  return findTokenizer({
    explicit: context.tokenizerPath || context.settings['preflight.tokenizerPath'] || undefined,
    model: modelOf(context),
    baseDirs: context.baseDirs,
    env: context.env,
  });
}

function summaryLines(stats: TokenStats, context: PreflightContext): ReportLine[] {
  const lines: ReportLine[] = [];
  const base = context.baseDirs[0] ?? '';
  const shown = (path: string) => {
    const r = relative(base, path);
    return r && !r.startsWith('..') ? r : path;
  };
  lines.push({
    message: stats.chatTemplate
      ? msg("Records rendered with the model's chat template.")
      : msg('No chat template: records rendered as "role: text" lines with the EOS token.'),
    args: [],
  });
  lines.push({
    message: msg('{0} records ({1} unreadable skipped); distribution from {2} sampled records; {3} records long enough to matter checked in full.'),
    args: [stats.records, stats.skipped, stats.sampled, stats.tokenized],
  });
  const rows = [
    [msg('Prompt: p50 {0} · p90 {1} · p95 {2} · p99 {3} · max {4} tokens'), stats.prompt],
    [msg('Response: p50 {0} · p90 {1} · p95 {2} · p99 {3} · max {4} tokens'), stats.response],
    [msg('Whole record: p50 {0} · p90 {1} · p95 {2} · p99 {3} · max {4} tokens'), stats.whole],
  ] as const;
  for (const [message, d] of rows) lines.push({ message, args: [d.p50, d.p90, d.p95, d.p99, d.max], detail: true });
  lines.push({ message: stats.totalExact ? msg('Total: {0} tokens.') : msg('Total: about {0} tokens (scaled from the sample).'), args: [stats.totalTokens] });
  const limit = stats.limit;
  lines.push({
    message: limit.configured ? msg('Limit: {0} = {1} tokens.') : msg('Limit: {0} not set, the default {1} tokens applies.'),
    args: [limit.key, limit.limit],
  });
  if (stats.overLimit.count === 0) lines.push({ message: msg('No record is longer than the limit.'), args: [] });
  else lines.push({ message: msg('{0} records longer than the limit ({1} tokens over in all):'), args: [stats.overLimit.count, stats.overLimit.excessTokens] });
  for (const r of stats.overLimit.records.slice(0, LISTED)) {
    const where = `${shown(r.file)}:${r.line}`;
    if (r.truncation) {
      const t = r.truncation;
      lines.push({
        message: msg('{0} (record {1}): {2} tokens, {3} over; keeps {4} of {5} prompt and {6} of {7} response tokens, {8} turns dropped'),
        args: [where, r.record, r.tokens, r.excess, t.promptKept, t.promptTotal, t.responseKept, t.responseTotal, t.droppedPairs],
        detail: true,
      });
    } else lines.push({ message: msg('{0} (record {1}): {2} tokens, {3} over'), args: [where, r.record, r.tokens, r.excess], detail: true });
  }
  if (stats.overLimit.count > LISTED) lines.push({ message: msg('… and {0} more.'), args: [stats.overLimit.count - LISTED], detail: true });
  if (stats.renderFailures)
    lines.push({ message: msg('The chat template failed on {0} records (rendered as plain lines instead).'), args: [stats.renderFailures] });
  return lines;
}

function rangeOf(context: PreflightContext, key: string): Range {
  const entry = topLevelEntry(context.check.document, key) ?? topLevelEntry(context.check.document, 'dataset') ?? context.check.document.root?.entries?.[0];
  return entry?.keyRange ?? { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } };
}

function finding(
  _context: PreflightContext,
  code: 'over-cutoff' | 'tokenizer-missing',
  range: Range,
  message: string,
  args: Array<string | number>,
): ConfigFinding {
  return { code, severity: CONFIG_RULE_CATALOG[code].defaultSeverity, range, message, args, data: {} };
}
