import { hasVisibleText } from '../../../text/characters';
import { msg } from '../../../../shared/messageTemplate';
import type { RuleHit } from '../recordRule';
import { defineRecordRule } from '../recordRule';

/** Empty (or white-space-only) prompts, responses, turns, preference sides and texts. */
export const emptyTurnRule = defineRecordRule({
  info: [
    {
      code: 'empty-turn',
      defaultSeverity: 'error',
      title: msg('Empty turn'),
      why: msg('An empty prompt or response teaches the model to answer with nothing.'),
      settings: [],
    },
  ],
  check(record) {
    if (!record) return [];
    const hits: RuleHit[] = [];
    record.turns.forEach((turn, i) => {
      if (hasVisibleText(turn.text)) return;
      if (record.layout === 'alpaca') {
        const prompt = turn.role === 'user' && turn.sourceRole === 'instruction';
        hits.push({
          code: 'empty-turn',
          message: prompt ? msg('The prompt (instruction and input) is empty.') : msg('The "{0}" is empty.'),
          args: prompt ? [] : [turn.sourceRole],
          path: turn.path,
        });
      } else {
        hits.push({ code: 'empty-turn', message: msg('Turn {0} ("{1}") is empty.'), args: [i + 1, turn.sourceRole], path: turn.path });
      }
    });
    for (const [name, side] of [
      ['chosen', record.chosen],
      ['rejected', record.rejected],
    ] as const) {
      for (const turn of side ?? []) {
        if (!hasVisibleText(turn.text)) hits.push({ code: 'empty-turn', message: msg('The {0} response is empty.'), args: [name], path: turn.path });
      }
    }
    if (record.document && !hasVisibleText(record.document.text)) {
      hits.push({ code: 'empty-turn', message: msg('The text is empty.'), args: [], path: record.document.path });
    }
    return hits;
  },
});
