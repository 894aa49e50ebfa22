/**
 * One rule for text anywhere in a request: no U+0000 and no unpaired UTF-16 surrogate (`\ud800`
 * alone). PostgreSQL cannot store either (text refuses NUL, jsonb refuses both), JSON with them
 * breaks other clients, and no person types them. The API refuses them at the edge (400 naming
 * the field); Meta's webhooks, which must be stored whatever they hold, are sanitised instead.
 */

/** Whether `text` holds U+0000 or an unpaired surrogate. */
export function isUnsafeText(text: string): boolean {
  return text.includes('\u0000') || !text.isWellFormed();
}

/**
 * The path (`text`, `interactive.sections.0.title`) of the first string or object key in
 * `value` that is unsafe, or undefined when there is none. A key is named as its parent's path.
 * Bodies are depth-limited at parsing, so the recursion is bounded.
 */
export function findUnsafeText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return isUnsafeText(value) ? path || '(value)' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, item] of entries) {
    const keyText = String(key);
    if (isUnsafeText(keyText)) return path || '(key)';
    const found = findUnsafeText(item, path ? `${path}.${keyText}` : keyText);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * `value` with U+0000 dropped and unpaired surrogates replaced by U+FFFD, in strings and keys;
 * `changed` says whether anything had to be.
 */
export function sanitiseText(value: unknown): { value: unknown; changed: boolean } {
  let changed = false;
  const clean = (text: string): string => {
    if (!isUnsafeText(text)) return text;
    changed = true;
    return text.replaceAll('\u0000', '').toWellFormed();
  };
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return clean(item);
    if (Array.isArray(item)) return item.map(walk);
    if (typeof item === 'object' && item !== null) {
      return Object.fromEntries(Object.entries(item).map(([k, v]) => [clean(k), walk(v)]));
    }
    return item;
  };
  const result = walk(value);
  return { value: result, changed };
}
