/**
 * One CSV line (CRLF, as spreadsheets write them): cells with the delimiter, quotes or line
 * breaks are quoted; a cell a spreadsheet would run as a formula (`=…`, `@…`, `+`/`-` followed by
 * something other than a number) gets Excel's leading apostrophe, which the import removes again.
 */
export function csvLine(cells: readonly (string | null)[]): string {
  return `${cells.map((cell) => csvCell(cell ?? '')).join(',')}\r\n`;
}

function csvCell(value: string): string {
  const safe = /^[=@\t\r]|^[+-](?![\d\s().-]*$)/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
