import { detectDelimiter, headerNames } from '@convis/contracts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { phoneOfCell, readCsv, readHead } from '../../common/csv/csv-reading.js';
import { checkedRows, ImportReport, type ImportRow } from './import-check.js';

const QUIRKS = fileURLToPath(
  new URL('../../../test/fixtures/contacts-quirks.csv', import.meta.url),
);

async function check(path: string, mapping: Parameters<typeof checkedRows>[2]) {
  const delimiter = detectDelimiter(await readHead(path));
  let columns: string[] = [];
  for await (const row of readCsv(path, delimiter)) {
    columns = headerNames(row.cells);
    break;
  }
  const report = new ImportReport();
  const rows: ImportRow[] = [];
  for await (const row of checkedRows(readCsv(path, delimiter), columns, mapping, report))
    rows.push(row);
  return { delimiter, columns, report, rows };
}

function file(content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'convis-csv-')), 'contacts.csv');
  writeFileSync(path, content);
  return path;
}

describe('contacts CSV import', () => {
  it('reads a file of real-world quirks and reports every line it leaves out', async () => {
    const { delimiter, columns, report, rows } = await check(QUIRKS, {
      phoneColumn: 'Phone',
      nameColumn: 'Name',
      tagsColumn: 'Tags',
      attributeColumns: { City: 'city' },
    });
    // BOM dropped, semicolons found, CRLF lines.
    expect(delimiter).toBe(';');
    expect(columns).toEqual(['Phone', 'Name', 'Tags', 'City']);
    expect(rows).toEqual([
      {
        line: 2,
        waId: '15550101234',
        name: 'Alice Liddell',
        tags: ['vip', 'lead'],
        attributes: { city: 'Lisbon' },
      },
      // Excel's apostrophe; a quoted semicolon in the name and a quoted comma in the city.
      {
        line: 3,
        waId: '447700900123',
        name: 'Hopper; Grace',
        tags: ['a', 'b'],
        attributes: { city: 'Porto, PT' },
      },
      { line: 6, waId: '15550101235', name: 'Quote "Q" Person', tags: [], attributes: {} },
      // 00 is the international prefix.
      {
        line: 9,
        waId: '33612345678',
        name: 'Zoé Durand',
        tags: ['fr'],
        attributes: { city: 'Paris' },
      },
      // A short row still has its phone number.
      { line: 10, waId: '15550101236', name: null, tags: [], attributes: {} },
      // A quoted line break: the record runs from line 12 to 13.
      { line: 12, waId: '15550101237', name: 'Line\r\nBreak', tags: [], attributes: {} },
    ]);
    expect(report.problems).toEqual([
      { line: 4, reason: 'duplicate of line 2 (+15550101234)' },
      {
        line: 5,
        reason: 'no country code (write it as +<country code> <number>): 555-010-9999',
      },
      { line: 7, reason: 'the phone number is empty' },
      { line: 8, reason: 'not a phone number (only digits, + and separators): not a number' },
    ]);
    expect(report).toMatchObject({ rows: 10, valid: 6, invalid: 3, duplicates: 1 });
  });

  it('reports a row too short to have the phone column as missing it', async () => {
    const path = file('Name,Phone\nAda,+15550101234\nGrace\n');
    const { report, rows } = await check(path, { phoneColumn: 'Phone', attributeColumns: {} });
    expect(rows.map((r) => r.waId)).toEqual(['15550101234']);
    expect(report.problems).toEqual([
      { line: 3, reason: 'missing column "Phone" (the row is short)' },
    ]);
  });

  it('finds the delimiter outside quotes, and a comma by default', () => {
    expect(detectDelimiter('"Doe, Jane";phone;tags\n')).toBe(';');
    expect(detectDelimiter('name\tphone\n')).toBe('\t');
    expect(detectDelimiter('phone\n+1555')).toBe(',');
  });

  it('reads the phone spellings of spreadsheets by the contracts phone rule', () => {
    expect(phoneOfCell("'+1 (555) 010-1234")).toEqual({ ok: true, e164: '+15550101234' });
    expect(phoneOfCell('15550101234')).toEqual({ ok: true, e164: '+15550101234' });
    expect(phoneOfCell('0044 7700 900123')).toEqual({ ok: true, e164: '+447700900123' });
    expect(phoneOfCell('+1 555')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/too short/),
    });
  });

  it('names blank and repeated headers', () => {
    expect(headerNames(['Phone', '', 'Phone'])).toEqual(['Phone', 'Column 2', 'Phone (2)']);
  });
});
