import { relative } from 'node:path';
import { msg } from '../../../shared/messageTemplate';
import { resolveDataFiles } from '../dataFiles';
import type { PreflightCheck, ReportLine } from '../preflightTypes';

const REASONS = {
  unknown: msg('Dataset "{0}" not counted: not in dataset_info.json.'),
  remote: msg('Dataset "{0}" not counted: not a local file (hub or remote dataset).'),
  missing: msg('Dataset "{0}" not counted: file not found.'),
} as const;

/**
 * Which local files the config's datasets are, for the token count and the run plan. It names
 * what it cannot resolve in the report but makes no finding of it: the data checks say why.
 */
export const dataFilesCheck: PreflightCheck = {
  id: 'data',
  async run(context) {
    context.progress(msg('Resolving datasets'));
    const data = await resolveDataFiles(context.check.facts.framework, context.values, context.baseDirs, context.configPath);
    context.shared.data = data;
    const base = context.baseDirs[0] ?? '';
    const shown = (path: string) => {
      const r = relative(base, path);
      return r && !r.startsWith('..') ? r : path;
    };
    const lines: ReportLine[] = [];
    for (const d of data.train) lines.push({ message: msg('Training dataset "{0}": {1}'), args: [d.name, d.files.map(shown).join(', ')] });
    for (const d of data.eval) lines.push({ message: msg('Evaluation dataset "{0}": {1}'), args: [d.name, d.files.map(shown).join(', ')] });
    for (const u of data.unresolved) lines.push({ message: REASONS[u.reason], args: [u.name] });
    if (!lines.length) lines.push({ message: msg('The config names no local dataset.'), args: [] });
    return { findings: [], section: { id: 'data', title: msg('Datasets'), lines, data } };
  },
};
