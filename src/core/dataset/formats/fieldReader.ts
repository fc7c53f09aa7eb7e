import { msg } from '../../../shared/messageTemplate';
import type { FieldPath, StructuralCode, StructuralProblem, TextField } from './recordModel';

/** Reads typed fields out of a parsed record, recording what is missing or mistyped. */
export class FieldReader {
  readonly problems: StructuralProblem[] = [];

  problem(code: StructuralCode, message: string, args: Array<string | number>, path: FieldPath): void {
    this.problems.push({ code, message, args, path });
  }

  /** A string field; a missing required one or a non-string is an invalid-record problem. */
  text(owner: Record<string, unknown>, key: string, path: FieldPath, required: boolean): TextField | undefined {
    if (!Object.prototype.hasOwnProperty.call(owner, key) || owner[key] === null || owner[key] === undefined) {
      if (required) this.problem('invalid-record', msg('Missing field "{0}".'), [key], path.slice(0, -1));
      return undefined;
    }
    const value = owner[key];
    if (typeof value !== 'string') {
      this.problem('invalid-record', msg('Field "{0}" should be a string, not {1}.'), [key, typeName(value)], path);
      return undefined;
    }
    return { text: value, path };
  }

  array(owner: Record<string, unknown>, key: string, path: FieldPath, required: boolean): unknown[] | undefined {
    if (!Object.prototype.hasOwnProperty.call(owner, key) || owner[key] === null || owner[key] === undefined) {
      if (required) this.problem('invalid-record', msg('Missing field "{0}".'), [key], path.slice(0, -1));
      return undefined;
    }
    const value = owner[key];
    if (!Array.isArray(value)) {
      this.problem('invalid-record', msg('Field "{0}" should be a list, not {1}.'), [key, typeName(value)], path);
      return undefined;
    }
    return value as unknown[];
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function has(owner: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(owner, key) && owner[key] !== undefined && owner[key] !== null;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A KTO label as LLaMA-Factory and TRL accept it: a boolean (or "true"/"false", 1/0). */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 'true' || value === 'True') return true;
  if (value === 0 || value === 'false' || value === 'False') return false;
  return undefined;
}
