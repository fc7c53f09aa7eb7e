// Writes schemas/<kind>.schema.json for every config kind from the key catalogue
// (src/core/config/schema/buildConfigSchema.ts). Run after changing keys or descriptions;
// test/unit/config/schemas.test.ts fails when the committed files are out of date.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--tests'], { stdio: 'inherit' });
const require = createRequire(import.meta.url);
const { buildConfigSchema } = require(join(root, 'out', 'src', 'core', 'config', 'schema', 'buildConfigSchema.js'));
const { CONFIG_KINDS, schemaFileName } = require(join(root, 'out', 'src', 'core', 'config', 'kinds', 'configKind.js'));
mkdirSync(join(root, 'schemas'), { recursive: true });
for (const kind of CONFIG_KINDS) {
  writeFileSync(join(root, 'schemas', schemaFileName(kind)), `${JSON.stringify(buildConfigSchema(kind), null, 2)}\n`);
}
console.log(`${CONFIG_KINDS.length} schemas → schemas/`);
