import type { ConfigFinding } from '../../../config/configFindings';
import { configFinding } from '../../../config/rules/configRule';
import { msg } from '../../../../shared/messageTemplate';
import { describeKeys } from '../dataFile';
import type { DatasetInfoContext, DatasetInfoRule } from '../datasetInfoRule';
import { isMessagesFormat, memberKeyRange } from '../datasetInfoModel';

const ROLE_TAGS = ['user_tag', 'assistant_tag', 'observation_tag', 'function_tag', 'system_tag'] as const;
/** Which tag a role value most likely means, to point at the tag to change. */
const ROLE_MEANING: Readonly<Record<string, (typeof ROLE_TAGS)[number]>> = {
  user: 'user_tag',
  human: 'user_tag',
  assistant: 'assistant_tag',
  gpt: 'assistant_tag',
  tool: 'observation_tag',
  observation: 'observation_tag',
  function_call: 'function_tag',
  system: 'system_tag',
};

/**
 * sharegpt / openai entries whose tags do not fit the messages: LLaMA-Factory reads each
 * message's role and text with role_tag and content_tag (a missing key stops the run) and skips
 * every record with a role value that is none of the configured tags ("Invalid role tag"). A
 * `tags` object replaces all defaults, so a tag it leaves out accepts nothing.
 */
export const tagsMismatchRule: DatasetInfoRule = {
  codes: ['tags-mismatch'],
  check(context: DatasetInfoContext): ConfigFinding[] {
    const findings: ConfigFinding[] = [];
    for (const entry of context.info.entries) {
      if (!isMessagesFormat(entry.formatting.value)) continue;
      const sampled = context.sampleOf(entry);
      const column = entry.columns.messages?.value;
      const list = column !== undefined ? sampled?.sample.messageLists.get(column) : undefined;
      if (!sampled || !list || column === undefined) continue;
      const file = sampled.facts.sampledFile ?? sampled.facts.fileName;
      const tagRange = (tag: string) => (entry.tags[tag]?.written ? entry.tags[tag].range : memberKeyRange(entry, 'tags'));
      let keysOk = true;
      for (const tag of ['role_tag', 'content_tag'] as const) {
        const key = entry.tags[tag]?.value;
        if (key !== undefined && list.messageKeys.has(key)) continue;
        keysOk = false;
        const alternative =
          tag === 'role_tag' ? ['role', 'from'].find((k) => list.messageKeys.has(k)) : ['content', 'value'].find((k) => list.messageKeys.has(k));
        const message = alternative
          ? msg('The messages in {0} of {1} have no {2} key ({3}); they have: {4}. Set tags.{3} to {5}.')
          : msg('The messages in {0} of {1} have no {2} key ({3}); they have: {4}.');
        findings.push(
          configFinding(
            'tags-mismatch',
            tagRange(tag),
            message,
            [column, file, key ?? 'None', tag, describeKeys(list.messageKeys), ...(alternative ? [alternative] : [])],
            { key: entry.name },
          ),
        );
      }
      if (!keysOk) continue;
      const roleKey = entry.tags.role_tag.value;
      const accepted = new Set(ROLE_TAGS.map((t) => entry.tags[t]?.value).filter((v): v is string => v !== undefined));
      const unknown = [...(list.roleValues.get(roleKey) ?? new Map<string, number>()).keys()].filter((v) => !accepted.has(v));
      if (unknown.length === 0) continue;
      const tag = ROLE_MEANING[unknown[0]];
      const configured = ROLE_TAGS.map((t) => `${t}=${entry.tags[t]?.value ?? 'None'}`).join(', ');
      findings.push(
        configFinding(
          'tags-mismatch',
          tag ? tagRange(tag) : memberKeyRange(entry, 'tags'),
          msg('Role values {0} in the messages of {1} are none of the tags ({2}): LLaMA-Factory skips every record that has one ("Invalid role tag").'),
          [unknown.slice(0, 5).join(', '), file, configured],
          { key: entry.name },
        ),
      );
    }
    return findings;
  },
};
