// Reading fields out of JSON the console did not type (Meta's message content, error bodies).

/** A JSON object's fields by name. */
export type JsonObject = Record<string, unknown>;

/** `value` when it is a JSON object (not an array, not null); null otherwise. */
export function jsonObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : null;
}

/** `value` as text to show: a non-blank string, or a finite number written out; null otherwise. */
export function jsonText(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
