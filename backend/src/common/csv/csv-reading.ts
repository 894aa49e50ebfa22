import {
  cellText,
  checkPhoneNumber,
  type CsvDelimiter,
  type PhoneNumberProblem,
} from '@convis/contracts';
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';

/** One record of the file, with the line it ends on (for the report). */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

/** The first bytes of a file, as text (enough for its header line). */
export async function readHead(path: string, bytes = 64 * 1024): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}

/**
 * The records of a CSV file, streamed (memory stays flat however long the file): BOM dropped,
 * CRLF or LF, quoted fields with delimiters, quotes and line breaks inside, ragged rows kept as
 * they are (the report names them), blank lines skipped, cells trimmed. Each record comes with
 * the line it starts on, as a text editor or a spreadsheet numbers them.
 */
export async function* readCsv(path: string, delimiter: CsvDelimiter): AsyncGenerator<CsvRow> {
  // csv-parse counts lines up to where it emits a record; at the end of the file that count has
  // taken in the final line break too. The file's own count of lines bounds it.
  let fileLines = 0;
  let endsWithBreak = false;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (const byte of chunk) if (byte === 0x0a) fileLines++;
      if (chunk.length > 0) endsWithBreak = chunk[chunk.length - 1] === 0x0a;
      done(null, chunk);
    },
  });
  const parser = createReadStream(path)
    .pipe(counter)
    .pipe(
      parse({
        bom: true,
        delimiter,
        record_delimiter: ['\r\n', '\n'],
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        trim: true,
        info: true,
        max_record_size: 64 * 1024,
      }),
    );
  const lastLine = () => fileLines + (endsWithBreak ? 0 : 1);
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    const end = Math.min(info.lines, lastLine());
    const inner = record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0);
    yield { line: end - inner, cells: record };
  }
}

export type PhoneCell =
  { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly reason: string };

/**
 * A phone cell by the contracts' phone rule. Spreadsheets drop the `+` of a number they take for
 * a number (`15550101234`), and some write the international prefix `00`: both read as `+`.
 */
export function phoneOfCell(value: string | undefined): PhoneCell {
  const text = cellText(value);
  if (!text) return { ok: false, reason: 'the phone number is empty' };
  const international = /^\d+$/.test(text)
    ? `+${text.replace(/^00/, '')}`
    : text.replace(/^00(?=\d)/, '+');
  const check = checkPhoneNumber(international);
  if (check.ok) return { ok: true, e164: check.e164 };
  return { ok: false, reason: `${describePhoneProblem(check.problem)}: ${text.slice(0, 40)}` };
}

function describePhoneProblem(problem: PhoneNumberProblem): string {
  switch (problem) {
    case 'not-digits':
      return 'not a phone number (only digits, + and separators)';
    case 'no-country-code':
      return 'no country code (write it as +<country code> <number>)';
    case 'unknown-country-code':
      return 'no country has this calling code';
    case 'too-short':
      return 'too short for its country';
    case 'too-long':
      return 'too long for its country';
    case 'invalid-length':
      return 'no number of its country has this length';
  }
}

/** The column that most likely holds the phone number, by its header. */
export function guessColumn(
  columns: readonly string[],
  kind: 'phone' | 'name' | 'tags',
): string | null {
  const patterns = {
    phone: /phone|mobile|whats\s*app|wa_id|number|tel|cell|móvil|movil|telefone|telefono|numero/i,
    name: /^(full\s*)?name$|^nombre$|^nom$|^nome$|contact/i,
    tags: /tags?|labels?|etiquetas?/i,
  };
  return columns.find((c) => patterns[kind].test(c)) ?? null;
}

/** Tags in a cell: separated by `,`, `;` or `|`. */
export function tagsOfCell(value: string | undefined): string[] {
  return cellText(value)
    .split(/[,;|]/)
    .map((tag) => tag.trim())
    .filter(Boolean);
}
