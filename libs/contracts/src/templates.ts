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

/**
 * An authentication template's components with the texts Meta writes for it: Meta lists its body
 * without `text` (only `add_security_recommendation`) and its footer with only
 * `code_expiration_minutes`, and fills them in itself. With the texts written out, the body's
 * `{{1}}` (the code) is counted and shown like any other placeholder. Other components, and
 * every component of other templates, are returned as they are.
 */
export function withPresetTexts<T>(components: readonly T[]): T[] {
  return components.map((raw) => {
    if (typeof raw !== 'object' || raw === null) return raw;
    const component = raw as Record<string, unknown>;
    const type = typeof component['type'] === 'string' ? component['type'].toUpperCase() : '';
    if (
      type === 'BODY' &&
      component['text'] === undefined &&
      'add_security_recommendation' in component
    )
      return {
        ...component,
        text: `*{{1}}* is your verification code.${component['add_security_recommendation'] ? ' For your security, do not share this code.' : ''}`,
      };
    const minutes = component['code_expiration_minutes'];
    if (type === 'FOOTER' && component['text'] === undefined && typeof minutes === 'number')
      return { ...component, text: `This code expires in ${minutes} minutes.` };
    return raw;
  }) as T[];
}
