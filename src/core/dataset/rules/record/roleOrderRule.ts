import type { DatasetRecord, Turn, TurnRole } from '../../formats/recordModel';
import { msg } from '../../../../shared/messageTemplate';
import type { RuleHit } from '../recordRule';
import { defineRecordRule } from '../recordRule';

const USER_SIDE: ReadonlySet<TurnRole> = new Set(['user', 'tool_result']);
const ASSISTANT_SIDE: ReadonlySet<TurnRole> = new Set(['assistant', 'tool_call']);

/**
 * Turn order as LLaMA-Factory's converter demands it: after an optional leading system
 * message, user/observation turns at odd positions and assistant/function-call turns at
 * even ones; SFT and KTO conversations end with the assistant, preference prompts end with
 * the user (chosen and rejected answer it). OpenAI-style data may answer one tool call with
 * several tool results in a row. Reports the first break only: after it, positions mean little.
 */
export const roleOrderRule = defineRecordRule({
  info: [
    {
      code: 'role-order',
      defaultSeverity: 'error',
      title: msg('Turns out of order'),
      why: msg(
        'LLaMA-Factory expects user/observation turns at odd positions and assistant/function-call turns at even ones, and discards conversations that break this.',
      ),
      settings: [],
    },
  ],
  check(record, { problems }) {
    const hits: RuleHit[] = problems
      .filter((p) => p.code === 'role-order')
      .map((p) => ({ code: 'role-order', message: p.message, args: p.args, path: p.path }));
    if (!record || hits.length > 0 || record.layout === 'alpaca' || record.layout === 'text' || record.layout === 'unrecognised') return hits;
    const first = firstOrderProblem(record);
    return first ? [first] : [];
  },
});

function firstOrderProblem(record: DatasetRecord): RuleHit | undefined {
  const turns = collapseToolResults(record);
  for (let i = 0; i < turns.length; i++) {
    const turn = turns[i];
    if (turn.role === 'system') {
      return { code: 'role-order', message: msg('A system message may only come first, not at turn {0}.'), args: [i + 1], path: turn.path };
    }
    const userExpected = i % 2 === 0;
    if (userExpected && !USER_SIDE.has(turn.role)) {
      return {
        code: 'role-order',
        message: msg('Turn {0} is "{1}" where a user or observation turn belongs: turns alternate, starting with the user.'),
        args: [i + 1, turn.sourceRole],
        path: turn.path,
      };
    }
    if (!userExpected && !ASSISTANT_SIDE.has(turn.role)) {
      return {
        code: 'role-order',
        message: msg('Turn {0} is "{1}" where an assistant or function-call turn belongs: turns alternate, starting with the user.'),
        args: [i + 1, turn.sourceRole],
        path: turn.path,
      };
    }
  }
  const last = turns[turns.length - 1];
  if (record.kind === 'preference') {
    if (last && !USER_SIDE.has(last.role)) {
      return {
        code: 'role-order',
        message: msg('A preference prompt must end with a user turn, which chosen and rejected answer; this one ends with "{0}".'),
        args: [last.sourceRole],
        path: last.path,
      };
    }
    for (const side of [record.chosen, record.rejected]) {
      const answer = side?.find((t) => !ASSISTANT_SIDE.has(t.role));
      if (answer)
        return {
          code: 'role-order',
          message: msg('"{0}" should be an assistant turn, not "{1}".'),
          args: [String(answer.path[0]), answer.sourceRole],
          path: answer.path,
        };
    }
  } else if (last && !ASSISTANT_SIDE.has(last.role)) {
    return {
      code: 'role-order',
      message: msg('The conversation ends with "{0}": it needs a final assistant turn to learn from ({1} turns; an even number is expected).'),
      args: [last.sourceRole, turns.length],
      path: last.path,
    };
  }
  return undefined;
}

/** Consecutive tool results (parallel tool calls) count as one turn outside ShareGPT. */
function collapseToolResults(record: DatasetRecord): Turn[] {
  if (record.layout === 'sharegpt') return record.turns;
  const out: Turn[] = [];
  for (const turn of record.turns) {
    const previous = out[out.length - 1];
    if (turn.role === 'tool_result' && previous?.role === 'tool_result') continue;
    out.push(turn);
  }
  return out;
}
