import type { JsonSchemaType, KeySource } from './importKeyFacts';

/** One key a config kind accepts: type, default, and what it does. */
export interface CatalogKey {
  name: string;
  schema: JsonSchemaType;
  /** True when the framework's default is a plain value (not computed). */
  hasDefault: boolean;
  default?: unknown;
  source: KeySource;
  group: string;
  /** English description (a msg() template); localised by adapters. */
  description: string;
}
