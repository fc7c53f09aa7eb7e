import { findPii } from '../../../text/pii';
import type { PiiKind } from '../../../text/pii';
import { allTexts } from '../../formats/recordModel';
import { msg } from '../../../../shared/messageTemplate';
import type { RuleHit } from '../recordRule';
import { defineRecordRule } from '../recordRule';

const MESSAGES: Record<PiiKind, string> = {
  email: msg('E-mail address {0} in the data.'),
  phone: msg('Phone number {0} in the data.'),
  'cn-id': msg('Chinese resident ID number {0} (valid checksum) in the data.'),
  'bank-card': msg('Bank card number {0} (passes the Luhn check) in the data.'),
};

const MAX_HITS_PER_RECORD = 5;

/** E-mail addresses, phone numbers, Chinese resident IDs and bank card numbers; shown masked. */
export const piiRule = defineRecordRule({
  info: [
    {
      code: 'pii',
      defaultSeverity: 'warning',
      title: msg('Personal data'),
      why: msg('Models memorise personal data seen in training and can repeat it to anyone.'),
      settings: ['dataset.piiKinds'],
    },
  ],
  check(record, { options }) {
    if (!record || options.piiKinds.length === 0) return [];
    const kinds = new Set(options.piiKinds);
    const hits: RuleHit[] = [];
    for (const field of allTexts(record)) {
      for (const match of findPii(field.text, kinds)) {
        hits.push({
          code: 'pii',
          message: MESSAGES[match.kind],
          args: [match.masked],
          path: field.path,
          span: [match.start, match.end],
          data: { detail: { kind: match.kind } },
        });
        if (hits.length >= MAX_HITS_PER_RECORD) return hits;
      }
    }
    return hits;
  },
});
