import type { PreflightCheck } from '../preflightTypes';

/** The config's own findings (schema, unknown keys, learning rate, GPU memory…), as the editor shows them. */
export const configFindingsCheck: PreflightCheck = {
  id: 'config',
  run: (context) => ({ findings: context.check.findings }),
};
