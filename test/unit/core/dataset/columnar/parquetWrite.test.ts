import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CleanRefusedError } from '../../../../../src/core/dataset/clean/cleanDataset';
import { writeParquetCopy } from '../../../../../src/core/dataset/columnar/parquetCopy';
import { alpacaParquet, alpacaRows, chatParquet, chatRows } from './columnarFixtures';

const dir = mkdtempSync(join(tmpdir(), 'tunelab-parquet-write-'));

async function readBack(path: string): Promise<Array<Record<string, unknown>>> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return (await parquetReadObjects({ file, compressors })) as Array<Record<string, unknown>>;
}

function schemaOf(path: string) {
  const bytes = readFileSync(path);
  return parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).schema.map((e) => ({
    name: e.name,
    type: e.type,
    repetition: e.repetition_type,
    children: e.num_children,
    converted: e.converted_type,
  }));
}

describe('columnar: clean writes Parquet back with hyparquet-writer', function () {
  this.timeout(30_000);

  it('round-trips flat columns: the same rows minus the dropped ones, the same schema', async () => {
    const input = join(dir, 'alpaca.parquet');
    writeFileSync(input, alpacaParquet(alpacaRows(), 'GZIP'));
    const output = join(dir, 'alpaca.clean.parquet');
    const result = await writeParquetCopy(input, output, new Set([3, 5]));
    assert.equal(result.kept, 10);
    assert.equal(result.codec, 'GZIP');
    const expected = alpacaRows().filter((_, i) => i !== 2 && i !== 4);
    assert.deepEqual(await readBack(output), expected);
    assert.deepEqual(schemaOf(output), schemaOf(input));
  });

  it('round-trips a nested messages: list<struct<role, content>> column', async () => {
    const input = join(dir, 'chat.parquet');
    writeFileSync(input, chatParquet(chatRows()));
    const output = join(dir, 'chat.clean.parquet');
    const result = await writeParquetCopy(input, output, new Set([6]));
    assert.equal(result.kept, 7);
    assert.deepEqual(
      await readBack(output),
      chatRows().filter((_, i) => i !== 5),
    );
    assert.deepEqual(schemaOf(output), schemaOf(input));
  });

  it('refuses the input, a symbolic link and an existing file without overwrite, and leaves no temporary file', async () => {
    const sub = mkdtempSync(join(dir, 'refuse-'));
    const input = join(sub, 'in.parquet');
    writeFileSync(input, alpacaParquet(alpacaRows()));
    await assert.rejects(writeParquetCopy(input, input, new Set()), (e) => e instanceof CleanRefusedError && /refusing to overwrite the input/.test(e.message));
    symlinkSync(join(sub, 'elsewhere'), join(sub, 'link.parquet'));
    await assert.rejects(writeParquetCopy(input, join(sub, 'link.parquet'), new Set()), /symbolic link/);
    writeFileSync(join(sub, 'there.parquet'), 'x');
    await assert.rejects(writeParquetCopy(input, join(sub, 'there.parquet'), new Set()), /exists: pass --force/);
    await assert.rejects(
      writeParquetCopy(input, join(sub, 'late.parquet'), new Set(), {
        beforeCommit: () => Promise.reject(new CleanRefusedError('changed')),
      }),
      /changed/,
    );
    assert.deepEqual(readdirSync(sub).sort(), ['in.parquet', 'link.parquet', 'there.parquet']);
  });
});
