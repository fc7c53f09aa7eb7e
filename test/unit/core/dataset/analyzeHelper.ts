import { analyzeDataset } from '../../../../src/core/dataset/analysis/analyzeDataset';
import type { AnalyzeOptions, DatasetReport } from '../../../../src/core/dataset/analysis/analyzeDataset';
import { analysisOptionsFrom } from '../../../../src/core/dataset/analysisOptions';
import type { AnalysisOptions } from '../../../../src/core/dataset/analysisOptions';
import type { Finding, FindingCode } from '../../../../src/shared/findings';
import { renderMessage } from '../../../../src/shared/findings';
import { bundledTerms } from '../../../../src/core/dataset/lexicon/lexiconFile';
import { bytesSource } from '../../../../src/core/dataset/reading/byteSource';
import { defaultSettings } from '../../../../src/core/settings/settings';

export function defaultOptions(overrides: Partial<AnalysisOptions> = {}): AnalysisOptions {
  return { ...analysisOptionsFrom(defaultSettings()), ...overrides };
}

/** Analyses `content` (JSONL text, a JSON array text, raw bytes, or records to write as JSONL) in this thread. */
export async function analyze(
  content: string | Uint8Array | unknown[],
  options: Partial<AnalyzeOptions> & { overrides?: Partial<AnalysisOptions> } = {},
): Promise<DatasetReport> {
  const text = Array.isArray(content) ? content.map((r) => JSON.stringify(r)).join('\n') + '\n' : content;
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return analyzeDataset(bytesSource('test.jsonl', bytes), {
    threads: 0,
    terms: bundledTerms(),
    ...options,
    analysis: options.analysis ?? defaultOptions(options.overrides),
  });
}

export function findingsOf(report: DatasetReport, code: FindingCode): Finding[] {
  return report.findings.filter((f) => f.code === code);
}

export function messagesOf(report: DatasetReport, code: FindingCode): string[] {
  return findingsOf(report, code).map(renderMessage);
}

/** 1-based record numbers with a finding of `code`. */
export function recordsWith(report: DatasetReport, code: FindingCode): number[] {
  return [...new Set(findingsOf(report, code).map((f) => f.record))].sort((a, b) => a - b);
}

export const alpaca = (output: string, instruction = 'Explain the idea briefly.', input = '') => ({ instruction, input, output });
