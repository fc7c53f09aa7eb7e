import type { ErrorObject } from 'ajv';
import { msg } from '../../../shared/messageTemplate';
import type { ConfigFinding } from '../configFindings';
import { nodeAtPath } from '../document/configTree';
import type { ConfigNode } from '../document/configTree';
import { setValueEdit } from '../editing/configEdits';
import { addKeyEdit, valueLiteral } from '../editing/configEdits';
import { CONDITIONAL_REQUIREMENTS } from '../schema/requirements';
import { displayPath, pathOf, schemaErrors } from '../schema/schemaValidator';
import type { ConfigRuleContext } from './configRule';
import { defineConfigRule } from './configRule';
import { closestKey } from '../facts/closestKey';
import { anchorRange, configFinding, entryOf } from './configRule';

/**
 * Types, allowed values and required keys, checked with ajv against the kind's schema and
 * placed on the exact node. Unknown keys are left to the unknown-key rule, which can suggest
 * the intended key.
 */
export const schemaRule = defineConfigRule({
  info: [
    {
      code: 'schema',
      defaultSeverity: 'error',
      title: msg('Invalid value or missing key'),
      why: msg('A value of the wrong type or outside the allowed set makes the framework fail at launch, or crash later when the value is used.'),
      settings: [],
    },
  ],
  check(context) {
    const root = context.document.root;
    if (!root) return [];
    if (root.type !== 'object') {
      return [configFinding('schema', root.range, msg('A training config is a mapping of keys to values, not {0}.'), [describeValue(root)])];
    }
    const findings: ConfigFinding[] = [];
    for (const error of schemaErrors(context.kind, root.value)) {
      const finding = toFinding(context, error);
      if (finding) findings.push(finding);
    }
    return findings;
  },
});

function toFinding(context: ConfigRuleContext, error: ErrorObject): ConfigFinding | undefined {
  const path = pathOf(error.instancePath);
  const located = nodeAtPath(context.document.root, path);
  const name = displayPath(path);
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const conditional = /allOf\/(\d+)\/then/.exec(error.schemaPath);
      if (conditional) {
        const requirement = CONDITIONAL_REQUIREMENTS[context.kind]?.[Number(conditional[1])];
        const trigger = requirement ? entryOf(context, requirement.when.key) : undefined;
        const triggerText = requirement ? `${requirement.when.key}: ${String(requirement.when.equals)}` : '';
        return configFinding('schema', trigger?.keyRange ?? anchorRange(context), msg('{0} needs {1}.'), [triggerText, missing], {
          key: missing,
          fixes: [addKeyFix(context, missing, trigger?.key)],
        });
      }
      return configFinding('schema', anchorRange(context), msg('Missing required key {0}.'), [missing], { key: missing, fixes: [addKeyFix(context, missing)] });
    }
    case 'type': {
      if (!located) return undefined;
      // An empty value (`fp16:`) is YAML null: say "empty", not an invisible ".".
      if (located.node.type === 'null')
        return configFinding(
          'schema',
          located.entry ? located.entry.keyRange : located.node.range,
          msg('{0} is empty; write a value or remove the key.'),
          [name],
          { key: String(path[0] ?? '') },
        );
      return configFinding(
        'schema',
        located.node.range,
        typeMessage(error.parentSchema as { type?: string | string[] } | undefined),
        [name, describeValue(located.node)],
        {
          key: String(path[0] ?? ''),
          fixes: retypeFix(context, located.node, error.parentSchema as { type?: string | string[] } | undefined),
        },
      );
    }
    case 'enum': {
      if (!located) return undefined;
      const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).filter((v): v is string => typeof v === 'string');
      const written = String(located.node.value);
      const suggestion = closestKey(written, allowed);
      const close = suggestion !== undefined;
      const fixes =
        close && located.entry
          ? [
              {
                title: msg('Change to {0}'),
                args: [suggestion],
                edits: [setValueEdit(located.entry, valueLiteral(context.document, suggestion))],
                preferred: true,
              },
            ]
          : [];
      const message = close ? msg('{0} must be one of {1}; did you mean {2}?') : msg('{0} must be one of {1}.');
      return configFinding('schema', located.node.range, message, close ? [name, allowed.join(', '), suggestion] : [name, allowed.join(', ')], {
        key: String(path[0] ?? ''),
        fixes,
      });
    }
    case 'additionalProperties':
    case 'if':
      return undefined;
    default:
      if (!located) return undefined;
      return configFinding('schema', located.node.range, msg('{0}: {1}.'), [name || '(root)', error.message ?? error.keyword], { key: String(path[0] ?? '') });
  }
}

function addKeyFix(context: ConfigRuleContext, key: string, afterKey?: string) {
  const after = afterKey ? entryOf(context, afterKey) : undefined;
  const placeholder = key === 'model_name_or_path' || key === 'reward_model' ? 'path/or/hub-id' : key === 'export_dir' ? 'output/merged' : '';
  return {
    title: msg('Add {0}'),
    args: [key],
    edits: [addKeyEdit(context.document, key, valueLiteral(context.document, placeholder), after)],
    preferred: true,
  };
}

/** A quoted number or boolean ("2e-5", "true") where the key wants the real thing. */
function retypeFix(context: ConfigRuleContext, node: ConfigNode, schema: { type?: string | string[] } | undefined) {
  const types = schema?.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (node.type !== 'string' || typeof node.value !== 'string') return [];
  const text = node.value.trim();
  const numeric = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text);
  const wantsNumber = types.includes('number') || (types.includes('integer') && /^[-+]?\d+$/.test(text));
  let literal: string | undefined;
  if (numeric && wantsNumber)
    literal = context.document.format === 'json' ? String(Number(text)) : /e/i.test(text) && !text.includes('.') ? text.replace(/^([-+]?\d+)/, '$1.0') : text;
  else if (types.includes('boolean') && /^(true|false)$/i.test(text)) literal = text.toLowerCase();
  if (literal === undefined) return [];
  return [{ title: msg('Write {0} without quotes'), args: [text], edits: [{ range: node.range, newText: literal }], preferred: true }];
}

/** One template per expected type, so no English word travels as an argument. */
function typeMessage(schema: { type?: string | string[] } | undefined): string {
  let types = (schema?.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) => t !== 'null');
  // Axolotl's numbers also take true/false (pydantic's lax mode); the message asks for the number.
  if (types.includes('boolean') && (types.includes('number') || types.includes('integer'))) types = types.filter((t) => t !== 'boolean');
  const set = types.sort().join('|');
  switch (set) {
    case 'number':
      return msg('{0} must be a number, not {1}.');
    case 'integer':
      return msg('{0} must be a whole number, not {1}.');
    case 'boolean':
      return msg('{0} must be true or false, not {1}.');
    case 'string':
      return msg('{0} must be text, not {1}.');
    case 'array':
      return msg('{0} must be a list, not {1}.');
    case 'object':
      return msg('{0} must be a mapping, not {1}.');
    case 'array|string':
      return msg('{0} must be text or a list, not {1}.');
    default:
      return msg('{0} has the wrong type: {1}.');
  }
}

/** The value as written: quotes show it is text; lists and mappings are abbreviated. */
function describeValue(node: ConfigNode): string {
  if (node.type === 'string') return JSON.stringify(node.value);
  if (node.type === 'object') return '{…}';
  if (node.type === 'array') return '[…]';
  return node.source ?? String(node.value);
}
