/** `{{1}}`, `{{ order_id }}`: the placeholders Meta accepts in a template's texts and URLs. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** Distinct placeholder names of a text (`1`, `order_id`), in order of appearance. */
export function templatePlaceholders(text: string | null | undefined): string[] {
  if (!text) return [];
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];
}

/**
 * `text` with each placeholder replaced by what `replace` returns for it, given its name and
 * the placeholder as written (`{{ 1 }}`).
 */
export function replaceTemplatePlaceholders(
  text: string,
  replace: (name: string, placeholder: string) => string,
): string {
  return text.replace(PLACEHOLDER, (placeholder, name: string) => replace(name, placeholder));
}
