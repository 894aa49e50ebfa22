import { replaceTemplatePlaceholders } from '@convis/contracts';

/**
 * WhatsApp's text formatting as data: `*bold*`, `_italic_`, `~strike~`, ```` ```monospace``` ````
 * and `` `code` ``, plus template placeholders (`{{1}}`, `{{order_id}}`). The result is a list of
 * spans that a template renders with text interpolation, so user text never becomes HTML.
 */
export interface FormattedSpan {
  readonly text: string;
  readonly bold: boolean;
  readonly italic: boolean;
  readonly strike: boolean;
  readonly mono: boolean;
  /**
   * Set on a template placeholder: its name (`1`, `order_id`). `filled` tells whether `text` is
   * the value typed for it or the bare `{{name}}`.
   */
  readonly placeholder?: { readonly name: string; readonly filled: boolean };
}

type Style = Pick<FormattedSpan, 'bold' | 'italic' | 'strike' | 'mono'>;

const PLAIN: Style = { bold: false, italic: false, strike: false, mono: false };
const MARKERS: Readonly<Record<string, keyof Style>> = {
  '*': 'bold',
  _: 'italic',
  '~': 'strike',
  '`': 'mono',
};
/**
 * Placeholders are swapped for characters of Unicode's private use area while the formatting is
 * parsed, so `{{order_id}}` is never read as italics and `*{{1}}*` still makes the value bold.
 */
const SENTINEL_BASE = 0xe000;
const SENTINEL_PATTERN = /[\uE000-\uF8FF]/;

/** Letters and digits (of any script) glue a marker to a word: `2*3*4` is not bold. */
function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}\uE000-\uF8FF]/u.test(char);
}

function isSpace(char: string | undefined): boolean {
  return char === undefined || /\s/.test(char);
}

/** Where the marker opened at `start` closes on the same line, or -1. */
function closingIndex(text: string, marker: string, start: number): number {
  for (let index = start + 2; index < text.length; index++) {
    const char = text[index];
    if (char === '\n') return -1;
    if (char === marker && !isSpace(text[index - 1]) && !isWordChar(text[index + 1])) {
      return index;
    }
  }
  return -1;
}

function parse(text: string, style: Style, out: { text: string; style: Style }[]): void {
  let plainStart = 0;
  let index = 0;
  while (index < text.length) {
    // ```monospace```: taken as is, nothing inside is formatted.
    if (text.startsWith('```', index)) {
      const end = text.indexOf('```', index + 3);
      if (end > index + 3) {
        if (index > plainStart) out.push({ text: text.slice(plainStart, index), style });
        out.push({ text: text.slice(index + 3, end), style: { ...style, mono: true } });
        index = end + 3;
        plainStart = index;
        continue;
      }
    }
    const char = text[index];
    const key = MARKERS[char];
    if (key && !style[key] && !isWordChar(text[index - 1]) && !isSpace(text[index + 1])) {
      const end = closingIndex(text, char, index);
      if (end > 0) {
        if (index > plainStart) out.push({ text: text.slice(plainStart, index), style });
        const inner = text.slice(index + 1, end);
        if (key === 'mono') out.push({ text: inner, style: { ...style, mono: true } });
        else parse(inner, { ...style, [key]: true }, out);
        index = end + 1;
        plainStart = index;
        continue;
      }
    }
    index++;
  }
  if (plainStart < text.length) out.push({ text: text.slice(plainStart), style });
}

/**
 * Splits `text` into formatted spans. With `params`, `{{name}}` placeholders become placeholder
 * spans showing the value typed for them, or the bare `{{name}}` while it is empty; without,
 * braces are ordinary text.
 */
export function formatWhatsApp(
  text: string,
  params?: Readonly<Record<string, string>> | null,
): FormattedSpan[] {
  const names: string[] = [];
  const source = params
    ? replaceTemplatePlaceholders(text, (name) => {
        names.push(name);
        return String.fromCharCode(SENTINEL_BASE + Math.min(names.length - 1, 0x18ff));
      })
    : text;
  const runs: { text: string; style: Style }[] = [];
  parse(source, PLAIN, runs);
  if (!params) return runs.map((run) => ({ text: run.text, ...run.style }));

  const spans: FormattedSpan[] = [];
  for (const run of runs) {
    for (const part of run.text.split(new RegExp(`(${SENTINEL_PATTERN.source})`))) {
      if (part === '') continue;
      if (!SENTINEL_PATTERN.test(part)) {
        spans.push({ text: part, ...run.style });
        continue;
      }
      const name = names[part.charCodeAt(0) - SENTINEL_BASE] ?? '';
      const value = params[name]?.trim() ?? '';
      spans.push({
        text: value || `{{${name}}}`,
        ...run.style,
        placeholder: { name, filled: value !== '' },
      });
    }
  }
  return spans;
}

/** The text with `{{name}}` placeholders replaced by their values (empty ones kept as is). */
export function fillPlaceholders(text: string, params: Readonly<Record<string, string>>): string {
  return replaceTemplatePlaceholders(text, (name, written) => params[name]?.trim() || written);
}
