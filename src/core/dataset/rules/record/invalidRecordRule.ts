import type { RecordRule } from '../recordRule';

/** Missing or mistyped fields for the detected format, and records that fit no format. */
export const invalidRecordRule: RecordRule = {
  code: 'invalid-record',
  check: (_record, { problems }) =>
    problems.filter((p) => p.code === 'invalid-record').map((p) => ({ code: 'invalid-record', message: p.message, args: p.args, path: p.path })),
};
