import { detectDelimiter, headerNames } from '@convis/contracts';

/** Enough of a file for its header line. */
const HEAD_BYTES = 64 * 1024;

/**
 * The column names of a CSV file, read in the browser before it is uploaded (the mapping
 * step): its delimiter and names found the way the API finds them, the header line parsed by
 * csv-parse (loaded only when a file is chosen). Empty for an empty file.
 */
export async function readCsvHeader(file: File): Promise<string[]> {
  const head = await file.slice(0, HEAD_BYTES).text();
  if (!head.trim()) return [];
  const { parse } = await import('csv-parse/browser/esm/sync');
  const records: string[][] = parse(head, {
    delimiter: detectDelimiter(head),
    bom: true,
    to_line: 1,
    relax_column_count: true,
    relax_quotes: true,
  });
  const [cells] = records;
  return cells ? headerNames(cells) : [];
}
