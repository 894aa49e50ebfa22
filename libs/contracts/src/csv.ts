// The header line of a CSV file, read the same way by the API (which streams the file through
// csv-parse) and by the console (which reads the header before uploading, for the mapping step).
import { type TemplateVariable } from './campaigns.ts';

/** Delimiters a file may use: Excel in many locales writes `;`, some tools tabs or `|`. */
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

/**
 * The delimiter of a file, from its first line: the candidate found most often outside quotes
 * (a quoted "Doe, Jane" does not count). Comma when none is found.
 */
export function detectDelimiter(head: string): CsvDelimiter {
  const text = head.replace(/^\uFEFF/, '');
  const counts = new Map<CsvDelimiter, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char as CsvDelimiter))
      counts.set(char as CsvDelimiter, counts.get(char as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

/**
 * A cell as the user meant it: Excel's leading apostrophe (typed to keep `+1…` or `=…` as text)
 * removed.
 */
export function cellText(value: string | undefined): string {
  const text = (value ?? '').trim();
  return /^'[+\-=@\d]/.test(text) ? text.slice(1).trim() : text;
}

/** Header names made unique and non-empty (`Column 3` for a blank one, `Phone (2)` for a repeat). */
export function headerNames(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, i) => {
    const base = cellText(raw) || `Column ${i + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

/** The column of a campaign audience that most likely holds the number or user id, by its name. */
export function guessAddressColumn(columns: readonly string[]): string | null {
  return (
    columns.find((c) =>
      /phone|mobile|whats\s*app|wa_id|number|tel|cell|^to$|user_id|bsuid/i.test(c),
    ) ?? null
  );
}

/** The column that fills a template variable: named like its key (`body_1`) or placeholder (`1`). */
export function guessVariableColumn(
  columns: readonly string[],
  variable: Pick<TemplateVariable, 'key' | 'name'>,
): string | null {
  return columns.find((c) => c === variable.key || c === variable.name) ?? null;
}
