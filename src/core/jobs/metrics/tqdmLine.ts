import type { Progress } from './metricPoint';

/**
 * A tqdm progress bar as trainers print it: ` 12%|█▏        | 30/250 [00:59<07:19,  2.00s/it]`
 * (also `[1:02:03<3:04:05, …]`). Returns current/total and elapsed/remaining seconds.
 */
export function parseTqdmLine(line: string): Progress | undefined {
  const m = /(\d+)\/(\d+)\s*\[(\d+(?::\d{2}){1,2})(?:<(\d+(?::\d{2}){1,2}|\?))?/.exec(line);
  if (!m || !/%\|/.test(line)) return undefined;
  const total = Number(m[2]);
  if (!(total > 0)) return undefined;
  return { current: Number(m[1]), total, elapsed: clock(m[3]), remaining: m[4] && m[4] !== '?' ? clock(m[4]) : undefined };
}

function clock(text: string): number {
  return text.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
}
