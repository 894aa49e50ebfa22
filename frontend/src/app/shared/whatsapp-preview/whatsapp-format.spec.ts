import { type FormattedSpan, fillPlaceholders, formatWhatsApp } from './whatsapp-format';

/**
 * `text` with its styles as a compact string: `b` bold, `i` italic, `s` strike, `m` mono, `P`/`p`
 * filled/empty placeholder, `L` link.
 */
function styled(spans: FormattedSpan[]): string[] {
  return spans.map((span) => {
    const styles = [
      span.bold ? 'b' : '',
      span.italic ? 'i' : '',
      span.strike ? 's' : '',
      span.mono ? 'm' : '',
      span.placeholder ? (span.placeholder.filled ? 'P' : 'p') : '',
      span.link ? 'L' : '',
    ].join('');
    return styles ? `${styles}:${span.text}` : span.text;
  });
}

describe('formatWhatsApp', () => {
  it('reads bold, italic, strikethrough and monospace', () => {
    expect(styled(formatWhatsApp('Hi *Ada*, _soon_ ~late~ ```code``` `x`'))).toEqual([
      'Hi ',
      'b:Ada',
      ', ',
      'i:soon',
      ' ',
      's:late',
      ' ',
      'm:code',
      ' ',
      'm:x',
    ]);
  });

  it('nests styles', () => {
    expect(styled(formatWhatsApp('*bold _both_*'))).toEqual(['b:bold ', 'bi:both']);
  });

  it('needs markers at word edges and on one line', () => {
    expect(styled(formatWhatsApp('2*3*4 snake_case_name'))).toEqual(['2*3*4 snake_case_name']);
    expect(styled(formatWhatsApp('* not bold *'))).toEqual(['* not bold *']);
    expect(styled(formatWhatsApp('*one\ntwo*'))).toEqual(['*one\ntwo*']);
  });

  it('keeps markup as text', () => {
    const spans = formatWhatsApp('<img src=x onerror=steal(1)> *<b>x</b>*');
    expect(spans.map((span) => span.text).join('')).toBe('<img src=x onerror=steal(1)> <b>x</b>');
  });

  it('shows placeholder values, or the bare placeholder while empty', () => {
    expect(
      styled(formatWhatsApp('Hi {{1}}, order *{{2}}* for {{order_id}}', { 1: 'Ada', 2: '' })),
    ).toEqual(['Hi ', 'P:Ada', ', order ', 'bp:{{2}}', ' for ', 'p:{{order_id}}']);
  });

  it('leaves braces alone without placeholder values', () => {
    expect(styled(formatWhatsApp('{{1}}'))).toEqual(['{{1}}']);
  });

  it('does not read underscores of named placeholders as italics', () => {
    expect(styled(formatWhatsApp('_{{first_name}}_', { first_name: 'Ada' }))).toEqual(['iP:Ada']);
  });
});

describe('formatWhatsApp links', () => {
  const links = (text: string) =>
    formatWhatsApp(text).flatMap((span) => (span.link ? [span.link] : []));

  it('makes http and https addresses links, without the punctuation after them', () => {
    expect(
      styled(formatWhatsApp('See https://shop.example/a?b=1, or (http://x.example/p).')),
    ).toEqual(['See ', 'L:https://shop.example/a?b=1', ', or (', 'L:http://x.example/p', ').']);
    expect(links('Wiki: https://en.example/Foo_(bar)!')).toEqual(['https://en.example/Foo_(bar)']);
  });

  it('does not read underscores or stars inside an address as formatting', () => {
    expect(styled(formatWhatsApp('https://x.example/_a_/*b*/c next'))).toEqual([
      'L:https://x.example/_a_/*b*/c',
      ' next',
    ]);
  });

  it('formats a link like the text around it', () => {
    expect(styled(formatWhatsApp('*https://x.example* _see https://y.example_'))).toEqual([
      'bL:https://x.example',
      ' ',
      'i:see ',
      'iL:https://y.example',
    ]);
  });

  it('links no other scheme and nothing glued to a word', () => {
    expect(
      links(
        'javascript:steal(document.cookie) data:text/html,x JAVASCRIPT://x.example%0Asteal(document.cookie) ' +
          'xhttps://x.example https:// ftp://x.example mailto:a@x.example',
      ),
    ).toEqual([]);
    expect(links('<a href="https://x.example">x</a>')).toEqual(['https://x.example']);
  });

  it('keeps placeholders and links apart, and treats look-alike characters as text', () => {
    expect(
      styled(formatWhatsApp('Track https://x.example/{{1}} \uFDD0\uE000', { 1: 'A-1' })),
    ).toEqual(['Track ', 'L:https://x.example/', 'P:A-1', ' \uFFFD\uE000']);
  });
});

describe('fillPlaceholders', () => {
  it('replaces filled placeholders and keeps the others', () => {
    expect(fillPlaceholders('{{1}} and {{2}}', { 1: 'Ada' })).toBe('Ada and {{2}}');
  });
});
