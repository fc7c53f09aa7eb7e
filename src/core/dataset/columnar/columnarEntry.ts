// The columnar readers (hyparquet, apache-arrow, csv-parse: about half a megabyte) bundled on
// their own as dist/columnar.js: the extension requires it when the first Parquet or Arrow file
// opens, so activation never pays for them. The CLI links them directly.
export { analyzeColumnarFile } from './columnarAnalysis';
export { openPager } from './columnarPager';
export { ColumnarReadError } from './columnarSchema';
