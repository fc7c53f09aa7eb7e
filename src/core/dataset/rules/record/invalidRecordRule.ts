import { msg } from '../../../../shared/messageTemplate';
import { defineRecordRule } from '../recordRule';

/** Missing or mistyped fields for the detected format, and records that fit no format. */
export const invalidRecordRule = defineRecordRule({
  info: [
    {
      code: 'invalid-record',
      defaultSeverity: 'error',
      title: msg('Record does not fit its format'),
      why: msg('LLaMA-Factory drops records with missing or mistyped fields, often with only a log line.'),
      settings: [],
    },
  ],
  check: (_record, { problems }) =>
    problems.filter((p) => p.code === 'invalid-record').map((p) => ({ code: 'invalid-record', message: p.message, args: p.args, path: p.path })),
});
