/** Limits of what the business sets on a contact, for the API, the console and the import. */
export const CONTACT_LIMITS = {
  nameLength: 100,
  tags: 50,
  tagLength: 50,
  attributes: 50,
  attributeNameLength: 40,
  attributeValueLength: 500,
} as const;

/** A tag: letters, digits, spaces, `-`, `_`, `.` and `:`, not blank (`vip`, `lead: web`). */
export const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.:-]*$/u;

/** An attribute name, usable as a template variable: `order_id`, `firstName`. */
export const ATTRIBUTE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Why a tag is refused, or null when it is fine. */
export function tagProblem(tag: string): string | null {
  if (tag.length > CONTACT_LIMITS.tagLength)
    return `a tag has at most ${CONTACT_LIMITS.tagLength} characters`;
  if (!TAG_PATTERN.test(tag))
    return 'a tag starts with a letter or digit and holds letters, digits, spaces and - _ . :';
  return null;
}

/** Why an attribute name is refused, or null when it is fine. */
export function attributeNameProblem(name: string): string | null {
  if (name.length > CONTACT_LIMITS.attributeNameLength)
    return `an attribute name has at most ${CONTACT_LIMITS.attributeNameLength} characters`;
  if (!ATTRIBUTE_NAME_PATTERN.test(name))
    return 'an attribute name starts with a letter and holds letters, digits and _';
  return null;
}

/** Tags as stored: trimmed, inner spaces collapsed, duplicates (any case) dropped. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    result.push(tag);
  }
  return result;
}

/** Marketing consent of a contact on one business number. */
export const CONSENT_STATES = ['unknown', 'opted_in', 'opted_out'] as const;
export type ConsentState = (typeof CONSENT_STATES)[number];

/** Where a consent change came from. */
export const CONSENT_SOURCES = [
  'meta_preferences',
  'keyword',
  'agent',
  'meta_131050',
  'api',
  'import',
] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];
