/**
 * Characters as the API counts them for its length limits: Unicode code points, so an emoji is
 * one character where `String.length` counts two. The console's counters use the same count, so
 * a text the counter accepts is one the API accepts.
 */
export function charCount(text: string): number {
  let count = 0;
  for (const _char of text) count++;
  return count;
}

let graphemes: Intl.Segmenter | undefined;

/**
 * `text` cut to at most `max` characters (see `charCount`), ellipsis included: whole
 * characters as people see them (an emoji with its skin tone, a letter with its accent, a flag
 * stay whole), trailing spaces dropped, then `…`. Text that fits comes back unchanged.
 */
export function shortenText(text: string, max: number): string {
  if (charCount(text) <= max) return text;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let kept = '';
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = charCount(segment);
    if (count + size > max - 1) break;
    kept += segment;
    count += size;
  }
  return `${kept.trimEnd()}…`;
}
