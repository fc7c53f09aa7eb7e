import { openArrow } from './arrowRows';
import { detectColumnarFormat } from './columnarKind';
import type { ColumnarSource } from './columnarSchema';
import { openCsv } from './csvRows';
import { openParquet } from './parquetRows';

/** Opens a Parquet, Arrow or CSV/TSV file by what it holds; throws ColumnarReadError with a reason when it cannot. */
export async function openColumnar(path: string): Promise<ColumnarSource> {
  const format = await detectColumnarFormat(path);
  switch (format) {
    case 'parquet':
      return openParquet(path);
    case 'arrow-file':
    case 'arrow-stream':
    case 'arrow-file-cut':
      return openArrow(path, format);
    case 'csv':
      return openCsv(path, ',');
    case 'tsv':
      return openCsv(path, '\t');
  }
}
