import {
  attributeNameProblem,
  cellText,
  CONTACT_LIMITS,
  normalizeTags,
  tagProblem,
} from '@convis/contracts';
import { type CsvRow, phoneOfCell, tagsOfCell } from '../../common/csv/csv-reading.js';

/** Which columns hold what; columns are named by their header. */
export interface ImportMapping {
  readonly phoneColumn: string;
  readonly nameColumn?: string;
  readonly tagsColumn?: string;
  /** Column -> attribute name. */
  readonly attributeColumns: Readonly<Record<string, string>>;
}

/** A line the import leaves out, and why. */
export interface ImportProblem {
  readonly line: number;
  readonly reason: string;
}

/** A row ready to be written. */
export interface ImportRow {
  readonly line: number;
  /** E.164 without `+`: the contact's wa_id. */
  readonly waId: string;
  readonly name: string | null;
  readonly tags: string[];
  readonly attributes: Record<string, string>;
}

/** Problems kept in a report; the counts go on beyond. */
export const MAX_LISTED_PROBLEMS = 1000;

/** What a pass over the file found. */
export class ImportReport {
  rows = 0;
  valid = 0;
  invalid = 0;
  duplicates = 0;
  readonly problems: ImportProblem[] = [];

  add(problem: ImportProblem, kind: 'invalid' | 'duplicate'): void {
    if (kind === 'invalid') this.invalid++;
    else this.duplicates++;
    if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push(problem);
  }
}

/** Why a mapping cannot be used with these columns, or null. */
export function mappingProblem(mapping: ImportMapping, columns: readonly string[]): string | null {
  const known = new Set(columns);
  const used = [
    mapping.phoneColumn,
    mapping.nameColumn,
    mapping.tagsColumn,
    ...Object.keys(mapping.attributeColumns),
  ].filter((c): c is string => c !== undefined);
  const unknown = used.find((c) => !known.has(c));
  if (unknown !== undefined) return `The file has no column "${unknown}".`;
  if (new Set(used).size !== used.length) return 'A column is mapped twice.';
  for (const name of Object.values(mapping.attributeColumns)) {
    const problem = attributeNameProblem(name);
    if (problem) return `Attribute "${name}": ${problem}.`;
  }
  return null;
}

/**
 * Reads the rows after the header with the mapping: each valid row once (the first line of a
 * number wins; later ones are duplicates), the others reported with their line and reason.
 * Memory: one entry per distinct number (for duplicates), nothing else per row.
 */
export async function* checkedRows(
  rows: AsyncIterable<CsvRow>,
  columns: readonly string[],
  mapping: ImportMapping,
  report: ImportReport,
): AsyncGenerator<ImportRow> {
  const index = (column: string | undefined) =>
    column === undefined ? -1 : columns.indexOf(column);
  const phoneAt = index(mapping.phoneColumn);
  const nameAt = index(mapping.nameColumn);
  const tagsAt = index(mapping.tagsColumn);
  const attributesAt = Object.entries(mapping.attributeColumns).map(
    ([column, name]) => [index(column), name] as const,
  );
  const firstLine = new Map<string, number>();
  let header = true;
  for await (const row of rows) {
    if (header) {
      header = false;
      continue;
    }
    report.rows++;
    if (row.cells.length <= phoneAt) {
      report.add(
        { line: row.line, reason: `missing column "${mapping.phoneColumn}" (the row is short)` },
        'invalid',
      );
      continue;
    }
    const phone = phoneOfCell(row.cells[phoneAt]);
    if (!phone.ok) {
      report.add({ line: row.line, reason: phone.reason }, 'invalid');
      continue;
    }
    const waId = phone.e164.slice(1);
    const earlier = firstLine.get(waId);
    if (earlier !== undefined) {
      report.add(
        { line: row.line, reason: `duplicate of line ${earlier} (${phone.e164})` },
        'duplicate',
      );
      continue;
    }
    const name = nameAt >= 0 ? cellText(row.cells[nameAt]) || null : null;
    const tags = tagsAt >= 0 ? normalizeTags(tagsOfCell(row.cells[tagsAt])) : [];
    const attributes: Record<string, string> = {};
    for (const [at, attribute] of attributesAt) {
      const value = at >= 0 ? cellText(row.cells[at]) : '';
      if (value) attributes[attribute] = value;
    }
    const problem = rowProblem(name, tags, attributes);
    if (problem) {
      report.add({ line: row.line, reason: problem }, 'invalid');
      continue;
    }
    firstLine.set(waId, row.line);
    report.valid++;
    yield { line: row.line, waId, name, tags, attributes };
  }
}

function rowProblem(
  name: string | null,
  tags: readonly string[],
  attributes: Readonly<Record<string, string>>,
): string | null {
  if (name && name.length > CONTACT_LIMITS.nameLength)
    return `the name is longer than ${CONTACT_LIMITS.nameLength} characters`;
  if (tags.length > CONTACT_LIMITS.tags) return `more than ${CONTACT_LIMITS.tags} tags`;
  for (const tag of tags) {
    const problem = tagProblem(tag);
    if (problem) return `tag "${tag.slice(0, 60)}": ${problem}`;
  }
  for (const [attribute, value] of Object.entries(attributes))
    if (value.length > CONTACT_LIMITS.attributeValueLength)
      return `${attribute} is longer than ${CONTACT_LIMITS.attributeValueLength} characters`;
  return null;
}
