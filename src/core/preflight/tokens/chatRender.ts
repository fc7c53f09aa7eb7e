import { Template } from '@huggingface/jinja';
import type { DatasetRecord, Turn } from '../../dataset/formats/recordModel';

/** A message as chat templates read it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
}

/**
 * What a record trains on, as conversations: one for SFT, KTO and pre-training text, two for a
 * preference pair (prompt + chosen, prompt + rejected). `document` is set for pre-training
 * text, which is not templated.
 */
export interface RecordConversations {
  conversations: ChatMessage[][];
  tools?: unknown;
  document?: string;
  /**
   * Preference and KTO records: how many leading messages are the prompt. LLaMA-Factory
   * truncates these as one (prompt, response) pair, not turn pair by turn pair.
   */
  promptMessages?: number;
  /** The prompt side (system, user, tool results) and the response side (assistant turns), text only. */
  prompt: string;
  response: string;
}

const ROLE: Record<Turn['role'], ChatMessage['role']> = { system: 'system', user: 'user', assistant: 'assistant', tool_call: 'assistant', tool_result: 'tool' };

export function recordConversations(record: DatasetRecord): RecordConversations {
  if (record.kind === 'pretrain' && record.document) return { conversations: [], document: record.document.text, prompt: record.document.text, response: '' };
  const head: ChatMessage[] = [];
  if (record.system?.text) head.push({ role: 'system', content: record.system.text });
  for (const turn of record.turns) head.push({ role: ROLE[turn.role], content: turn.text });
  const prompt: string[] = [];
  const response: string[] = [];
  for (const m of head) (m.role === 'assistant' ? response : prompt).push(m.content);
  let conversations: ChatMessage[][] = [head];
  if (record.chosen || record.rejected) {
    const side = (turns: Turn[] | undefined) => [...head, ...(turns ?? []).map((t) => ({ role: ROLE[t.role], content: t.text }))];
    conversations = [side(record.chosen), side(record.rejected)];
    // The longer side is what meets the limit; its text stands for the response.
    const chosen = (record.chosen ?? []).map((t) => t.text).join('\n');
    const rejected = (record.rejected ?? []).map((t) => t.text).join('\n');
    response.push(chosen.length >= rejected.length ? chosen : rejected);
    return { conversations, tools: toolsOf(record), promptMessages: head.length, prompt: prompt.join('\n'), response: response.join('\n') };
  }
  // KTO: the last message is the response, everything before it the prompt.
  const promptMessages = record.kind === 'kto' && head.length > 1 ? head.length - 1 : undefined;
  return { conversations, tools: toolsOf(record), ...(promptMessages ? { promptMessages } : {}), prompt: prompt.join('\n'), response: response.join('\n') };
}

function toolsOf(record: DatasetRecord): unknown {
  const text = record.tools?.text;
  if (!text?.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Renders conversations into the text the trainer tokenizes. With the model's chat template
 * (Jinja, rendered by @huggingface/jinja: the text is exactly what `apply_chat_template`
 * produces); without one, role headers and the EOS token, labelled as such in the report.
 */
export class ChatRenderer {
  private readonly template?: Template;
  /** Rendered skeletons (contents replaced by markers) by role sequence, for byte bounds without rendering. */
  private readonly skeletons = new Map<string, { bytes: number } | null>();
  failures = 0;

  constructor(
    templateSource: string | undefined,
    private readonly specials: { eos?: string; bos?: string },
  ) {
    if (templateSource) {
      try {
        this.template = new Template(templateSource);
      } catch {
        this.template = undefined;
      }
    }
  }

  get templated(): boolean {
    return this.template !== undefined;
  }

  render(messages: readonly ChatMessage[], tools?: unknown, addGenerationPrompt = false): string {
    if (this.template) {
      try {
        return this.template.render({
          messages,
          ...(tools !== undefined ? { tools } : {}),
          add_generation_prompt: addGenerationPrompt,
          bos_token: this.specials.bos ?? '',
          eos_token: this.specials.eos ?? '',
        });
      } catch {
        // A template that raises (unexpected role order…) gets the plain rendering.
        this.failures++;
      }
    }
    const body = messages.map((m) => `${m.role}: ${m.content}\n`).join('');
    return addGenerationPrompt ? `${body}assistant: ` : `${body}${this.specials.eos ?? ''}`;
  }

  /**
   * The same text as `render`, faster: a skeleton rendered once per role sequence with
   * markers for the contents, the contents put in place of the markers. Used only where it is
   * known to equal the real rendering: contents without `<` (templates look into contents for
   * tags such as `</think>` or `<tool_response>`), and role sequences whose first
   * VERIFY renderings matched the full rendering exactly (one mismatch turns it off).
   */
  renderFast(messages: readonly ChatMessage[], tools?: unknown): string {
    if (!this.template || tools !== undefined || messages.some((m) => m.content.includes('<') || m.content.includes('\uE000')))
      return this.render(messages, tools);
    const key = messages.map((m) => m.role).join(',');
    let skeleton = this.markerSkeletons.get(key);
    if (!skeleton) {
      const failuresBefore = this.failures;
      const text = this.render(messages.map((m, i) => ({ role: m.role, content: `\uE000${i}\uE001` })));
      skeleton = { parts: text.split(/\uE000(\d+)\uE001/), verified: 0, usable: this.failures === failuresBefore };
      this.failures = failuresBefore;
      this.markerSkeletons.set(key, skeleton);
    }
    if (!skeleton.usable) return this.render(messages, tools);
    let text = '';
    const parts = skeleton.parts;
    for (let i = 0; i < parts.length; i++) text += i % 2 ? (messages[Number(parts[i])]?.content ?? '') : parts[i];
    if (skeleton.verified < ChatRenderer.VERIFY) {
      const real = this.render(messages, tools);
      if (real !== text) skeleton.usable = false;
      skeleton.verified++;
      return real;
    }
    return text;
  }

  static readonly VERIFY = 20;
  private readonly markerSkeletons = new Map<string, { parts: string[]; verified: number; usable: boolean }>();

  /**
   * An upper bound on the rendered text's UTF-8 bytes without rendering it: the template
   * rendered once per role sequence with empty contents, plus the contents' bytes. Templates
   * write each content once (they may strip it, which only shortens); `undefined` when the
   * record has tools or the skeleton cannot be rendered, so the caller renders it fully.
   */
  byteBound(messages: readonly ChatMessage[], tools: unknown): number | undefined {
    if (tools !== undefined) return undefined;
    const key = messages.map((m) => m.role).join(',');
    let skeleton = this.skeletons.get(key);
    if (skeleton === undefined) {
      const failuresBefore = this.failures;
      const text = this.render(messages.map((m) => ({ role: m.role, content: '' })));
      skeleton = this.failures > failuresBefore ? null : { bytes: Buffer.byteLength(text) };
      this.failures = failuresBefore;
      this.skeletons.set(key, skeleton);
    }
    if (!skeleton) return undefined;
    let bytes = skeleton.bytes;
    for (const m of messages) bytes += Buffer.byteLength(m.content);
    return bytes;
  }
}
