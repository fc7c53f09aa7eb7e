import { msg } from '../../../shared/messageTemplate';
import { defineConfigRule } from './configRule';

/**
 * The codes the checker reports itself, before any rule runs (checkConfig.ts): the file does
 * not parse, or is too large to parse. Declared here so that they are in the catalogue with
 * every rule's codes.
 */
export const configFileFindings = defineConfigRule({
  info: [
    {
      code: 'syntax',
      defaultSeverity: 'error',
      title: msg('Config cannot be parsed'),
      why: msg('The framework stops before training when its config file is not valid YAML or JSON.'),
      settings: [],
    },
    {
      code: 'too-large',
      defaultSeverity: 'warning',
      title: msg('Too large to check as a config'),
      why: msg(
        'Training configs are a few kilobytes; a file this big is generated data, and reading it on every edit would stall the editor, so it is not checked.',
      ),
      settings: [],
    },
  ],
  check: () => [],
});
