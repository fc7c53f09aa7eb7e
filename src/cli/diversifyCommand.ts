import { stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CleanRefusedError, destructiveDrop, streamCleanedDataset, writeCleanedDataset } from '../core/dataset/clean/cleanDataset';
import { isColumnarPath } from '../core/dataset/columnar/columnarKind';
import type { ByteSource } from '../core/dataset/reading/byteSource';
import { fileSource } from '../core/dataset/reading/byteSource';
import type { DiversifyResult } from '../core/dataset/semantic/diversify';
import { diversify } from '../core/dataset/semantic/diversify';
import { EmbeddingsCancelledError, EmbeddingsError } from '../core/embeddings/embeddingsClient';
import type { CliIo } from './cliIo';
import { EXIT_OK, EXIT_USAGE, UsageError } from './cliIo';
import { loadCliSettings } from './configFile';
import { EMBEDDINGS_ARGS, EMBEDDINGS_USAGE, embeddingsFromArgs } from './embeddingsOptions';
import { writeDrained } from './output/writeDrained';

export const DIVERSIFY_USAGE = `Usage: tunelab diversify <candidates> -o <output> [--against <train>…] [options]

The diversity filter: keeps a candidate only when its embedding is less than --threshold
similar (cosine) to every record of --against and every candidate kept before it. Candidates
are taken in file order, or best --score-field first. Writes the kept records byte for byte,
atomically; never modifies the inputs. JSON Lines or a JSON array.

Options:
  -o, --output <file>   where to write the admitted records (required; - for standard output)
  --against <file>      records already admitted (your training set); repeatable
  --threshold <x>       cosine similarity at which a candidate is rejected
                        (default: the setting dataset.semanticDuplicateThreshold, 0.85)
  --score-field <name>  a numeric top-level field: higher scores are considered first
  --report <file>       also write every rejection as JSON (candidate, twin, similarity)
  --config <file>       settings as JSON, as for tunelab check
  --max-drop <share>    refuse when more than this share would be rejected
                        (default: the setting dataset.clean.maxDropShare, 0.5)
  --force               replace the output file, and write even above --max-drop
  -h, --help            show this help

${EMBEDDINGS_USAGE}`;

const EXIT_INTERRUPTED = 130;

export async function diversifyCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      against: { type: 'string', multiple: true },
      threshold: { type: 'string' },
      'score-field': { type: 'string' },
      report: { type: 'string' },
      config: { type: 'string' },
      'max-drop': { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...EMBEDDINGS_ARGS,
    },
  });
  if (values.help) {
    io.stdout.write(DIVERSIFY_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('name exactly one candidates file');
  if (!values.output) throw new UsageError('name the output file with -o');
  const input = positionals[0];
  const againstPaths = values.against ?? [];
  for (const path of [input, ...againstPaths])
    if (isColumnarPath(path)) throw new UsageError(`${path}: diversify reads JSON Lines or JSON arrays (convert with tunelab clean first)`);
  const { settings } = await loadCliSettings(values.config);
  const threshold = values.threshold === undefined ? settings['dataset.semanticDuplicateThreshold'] : Number(values.threshold);
  if (!(threshold > 0 && threshold <= 1)) throw new UsageError('--threshold takes a cosine similarity above 0 and at most 1, such as 0.85');
  const maxShare = values['max-drop'] === undefined ? settings['dataset.clean.maxDropShare'] : Number(values['max-drop']);
  if (!(maxShare >= 0 && maxShare <= 1)) throw new UsageError('--max-drop takes a share from 0 to 1, such as 0.5');
  const { client, cache } = await embeddingsFromArgs(values, io.env);

  const before = await stat(input);
  if (!before.isFile()) throw new UsageError(`${input} is not a regular file`);
  const sources: ByteSource[] = [];
  try {
    const candidates = await fileSource(input);
    sources.push(candidates);
    for (const path of againstPaths) sources.push(await fileSource(path));
    const result = await diversify({
      candidates,
      against: sources.slice(1),
      client,
      cache,
      threshold,
      scoreField: values['score-field'],
      signal: io.signal,
    });
    const drop = new Set(result.rejections.map((r) => r.index));
    const destructive = destructiveDrop(result.records, drop.size, new Map([['semantic-duplicate', drop.size]]), maxShare);
    if (destructive && !values.force) {
      const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
      throw new CleanRefusedError(
        `refusing to write ${values.output}: ${destructive.dropped} of ${destructive.records} candidates (${percent(destructive.share)}) are at least ${threshold} similar to a kept record, more than ${percent(maxShare)}.\n` +
          `  An embedding model that maps every text alike (a wrong model, a chat model) rejects everything: check the endpoint and model first.\n` +
          `  To write it anyway, pass --force (or a higher --max-drop).`,
      );
    }
    if (values.report) await writeReport(values.report, input, againstPaths, result, values.force === true);
    const summary = describe(result, input, againstPaths, threshold);
    const options = { overwrite: values.force === true, limitBytes: before.size, signal: io.signal };
    if (values.output === '-') {
      await streamCleanedDataset(candidates, drop, (bytes) => writeDrained(io.stdout, bytes), options);
      io.stderr.write(summary);
    } else {
      const written = await writeCleanedDataset(candidates, input, values.output, drop, options);
      io.stdout.write(summary.replace(/^/, `${written.output}: `));
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CleanRefusedError || error instanceof EmbeddingsError) {
      io.stderr.write(`tunelab: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof EmbeddingsCancelledError || io.signal?.aborted) {
      io.stderr.write('tunelab: interrupted: nothing was written (the vectors embedded so far are cached)\n');
      return EXIT_INTERRUPTED;
    }
    throw error;
  } finally {
    for (const source of sources) await source.close();
  }
}

/** The summary: how many were kept, how many rejected and as twins of what, a few examples. */
function describe(result: DiversifyResult, input: string, against: readonly string[], threshold: number): string {
  const fromAgainst = result.rejections.filter((r) => r.twinFile >= 0).length;
  const fromCandidates = result.rejections.length - fromAgainst;
  const lines = [
    `admitted ${result.admitted} of ${result.records} candidates, rejected ${result.rejections.length} at cosine ≥ ${threshold}` +
      ` (${fromAgainst} as twins of ${against.length ? against.join(', ') : 'the reference set'}, ${fromCandidates} as twins of earlier candidates)`,
  ];
  if (result.unembedded) lines.push(`  ${result.unembedded} candidates had no text to embed (unparsable or empty) and were kept as they are`);
  for (const r of [...result.rejections].sort((a, b) => b.similarity - a.similarity).slice(0, 10)) {
    const where = r.twinFile < 0 ? `${input} record ${r.twinIndex + 1}` : `${against[r.twinFile]} record ${r.twinIndex + 1}`;
    lines.push(`  record ${r.index + 1} ≈ ${where} (${(Math.floor(r.similarity * 1000) / 10).toFixed(1)}%)`);
  }
  if (result.rejections.length > 10) lines.push(`  … and ${result.rejections.length - 10} more (--report FILE lists them all)`);
  lines.push(
    `  embeddings: ${result.sent} texts sent, ${result.cached} from the cache; endpoint ${result.endpointMs} ms, filter ${Math.max(0, result.totalMs - result.endpointMs)} ms (${result.indexKind} index)`,
  );
  return lines.join('\n') + '\n';
}

async function writeReport(path: string, input: string, against: readonly string[], result: DiversifyResult, force: boolean): Promise<void> {
  const report = {
    candidates: input,
    against,
    records: result.records,
    admitted: result.admitted,
    rejected: result.rejections.map((r) => ({
      record: r.index + 1,
      twinFile: r.twinFile < 0 ? input : against[r.twinFile],
      twinRecord: r.twinIndex + 1,
      similarity: Math.round(r.similarity * 1000) / 1000,
    })),
  };
  await writeFile(path, JSON.stringify(report, null, 2) + '\n', { flag: force ? 'w' : 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') throw new CleanRefusedError(`${path} exists: pass --force to replace it`);
    throw error;
  });
}
