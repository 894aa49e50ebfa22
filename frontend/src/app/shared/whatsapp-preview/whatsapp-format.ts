import { replaceTemplatePlaceholders } from '@convis/contracts';

/**
 * WhatsApp's text formatting as data: `*bold*`, `_italic_`, `~strike~`, ```` ```monospace``` ````
 * and `` `code` ``, web addresses (`http://`, `https://`) as links, plus template placeholders
 * (`{{1}}`, `{{order_id}}`). The result is a list of spans that a template renders with text
 * interpolation (`<app-formatted-text>`), so user text never becomes HTML.
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
  /** Set on a web address: the `http:` or `https:` URL it opens (`text` is as written). */
  readonly link?: string;
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
 * Placeholders and web addresses are swapped for tokens while the formatting is parsed, so
 * `{{order_id}}` or `https://x.example/a_b_c` is never read as italics and `*{{1}}*` still makes
 * the value bold. A token is U+FDD0 (a noncharacter, reserved for such internal use; one in the
 * text itself is shown as U+FFFD) followed by a character of the private use area that numbers it.
 */
const TOKEN_MARK = '\uFDD0';
const TOKEN_BASE = 0xe000;
const MAX_TOKENS = 0x1900;
const TOKEN_PATTERN = /\uFDD0([\uE000-\uF8FF])/;

type Token =
  | { readonly kind: 'placeholder'; readonly name: string }
  | { readonly kind: 'link'; readonly url: string };

/**
 * A web address: `http://` or `https://` not glued to a word before it, up to a space or a
 * character that cannot be part of one.
 */
const URL_PATTERN = /(?<![\p{L}\p{N}])https?:\/\/[^\s<>"`\uFDD0\uE000-\uF8FF]+/giu;
/** Punctuation that ends a sentence or closes formatting, not the address. */
const URL_TRAILING = /[.,;:!?'*_~]$/;

/** Letters and digits (of any script) glue a marker to a word: `2*3*4` is not bold. */
function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}\uFDD0\uE000-\uF8FF]/u.test(char);
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
 * The address a link opens, without the punctuation after it (`https://x.example/a).` ->
 * `https://x.example/a`), or null when it is not an http(s) URL with a host.
 */
function webAddress(candidate: string): string | null {
  let address = candidate;
  for (;;) {
    if (URL_TRAILING.test(address)) address = address.slice(0, -1);
    // A closing bracket belongs to the address only when it opened one: `(see https://x.example)`.
    else if (address.endsWith(')') && count(address, '(') < count(address, ')')) {
      address = address.slice(0, -1);
    } else break;
  }
  try {
    const url = new URL(address);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname ? address : null;
  } catch {
    return null;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/**
 * Splits `text` into formatted spans, with its web addresses as link spans. With `params`,
 * `{{name}}` placeholders become placeholder spans showing the value typed for them, or the bare
 * `{{name}}` while it is empty; without, braces are ordinary text.
 */
export function formatWhatsApp(
  text: string,
  params?: Readonly<Record<string, string>> | null,
): FormattedSpan[] {
  const tokens: Token[] = [];
  const tokenFor = (token: Token): string | null => {
    if (tokens.length >= MAX_TOKENS) return null;
    tokens.push(token);
    return TOKEN_MARK + String.fromCharCode(TOKEN_BASE + tokens.length - 1);
  };
  let source = text.replaceAll(TOKEN_MARK, '\uFFFD');
  if (params) {
    source = replaceTemplatePlaceholders(
      source,
      (name, written) => tokenFor({ kind: 'placeholder', name }) ?? written,
    );
  }
  source = source.replace(URL_PATTERN, (candidate) => {
    const url = webAddress(candidate);
    const token = url && tokenFor({ kind: 'link', url });
    return token ? token + candidate.slice(url.length) : candidate;
  });

  const runs: { text: string; style: Style }[] = [];
  parse(source, PLAIN, runs);
  if (tokens.length === 0) return runs.map((run) => ({ text: run.text, ...run.style }));

  const spans: FormattedSpan[] = [];
  for (const run of runs) {
    const parts = run.text.split(TOKEN_PATTERN);
    // split() with a group: text, token number, text, token number, …, text.
    parts.forEach((part, index) => {
      if (index % 2 === 0) {
        if (part !== '') spans.push({ text: part, ...run.style });
        return;
      }
      const token = tokens[part.charCodeAt(0) - TOKEN_BASE];
      if (token?.kind === 'link') {
        spans.push({ text: token.url, ...run.style, link: token.url });
      } else if (token?.kind === 'placeholder') {
        const value = params?.[token.name]?.trim() ?? '';
        spans.push({
          text: value || `{{${token.name}}}`,
          ...run.style,
          placeholder: { name: token.name, filled: value !== '' },
        });
      }
    });
  }
  return spans;
}

/** The text as it reads once formatted, without the markers: `*Hi* _Ada_` -> `Hi Ada`. */
export function plainText(text: string): string {
  return formatWhatsApp(text)
    .map((span) => span.text)
    .join('');
}

/** The text with `{{name}}` placeholders replaced by their values (empty ones kept as is). */
export function fillPlaceholders(text: string, params: Readonly<Record<string, string>>): string {
  return replaceTemplatePlaceholders(text, (name, written) => params[name]?.trim() || written);
}
