import { guessAddressColumn, guessVariableColumn, type TemplateVariable } from '@convis/contracts';
import { ValidationException } from '../../common/errors/validation.exception.js';

/** Which column of an audience file holds the address, and which fills each variable. */
export interface CsvMapping {
  readonly toIndex: number;
  readonly variableIndexes: readonly (readonly [string, number])[];
  /** `to` and each mapped variable key -> its column's name (echoed in the report). */
  readonly mapping: Record<string, string>;
}

/**
 * The `columns` field of an upload: a JSON object of variable key -> column name ("" for none),
 * as the console's mapping step sends it.
 */
export function parseColumnsField(value: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = null;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== 'string')
  )
    throw new ValidationException([
      {
        field: 'columns',
        messages: ['columns must be a JSON object of variable key to column name'],
      },
    ]);
  return parsed as Record<string, string>;
}

/**
 * Maps a file's header: the address column is `toColumn` or guessed by its name; each variable's
 * column is the one `chosen` names (none when it names "" or leaves the variable out), or without
 * `chosen` the one named like the variable. A name that is not in the file is a 400.
 */
export function csvMapping(
  columns: readonly string[],
  variables: readonly TemplateVariable[],
  toColumn: string | undefined,
  chosen: Record<string, string> | undefined,
): CsvMapping {
  const to = toColumn ?? guessAddressColumn(columns);
  const toIndex = to === null ? -1 : columns.indexOf(to);
  if (toIndex < 0)
    throw new ValidationException([
      {
        field: 'to_column',
        messages: [
          toColumn
            ? `No column "${toColumn}" in the file; it has ${columns.join(', ')}`
            : `No phone column found in ${columns.join(', ')}: name it in to_column`,
        ],
      },
    ]);
  if (chosen) {
    const keys = new Set(variables.map((v) => v.key));
    const problems = Object.entries(chosen).flatMap(([key, column]) =>
      !keys.has(key)
        ? [`The template has no ${key}; its variables are ${[...keys].join(', ') || 'none'}`]
        : column && !columns.includes(column)
          ? [`No column "${column}" in the file for ${key}; it has ${columns.join(', ')}`]
          : [],
    );
    if (problems.length > 0)
      throw new ValidationException([{ field: 'columns', messages: problems }]);
  }
  const mapping: Record<string, string> = { to: columns[toIndex]! };
  const variableIndexes: [string, number][] = [];
  for (const variable of variables) {
    const column = chosen ? chosen[variable.key] || null : guessVariableColumn(columns, variable);
    if (!column) continue;
    variableIndexes.push([variable.key, columns.indexOf(column)]);
    mapping[variable.key] = column;
  }
  return { toIndex, variableIndexes, mapping };
}
