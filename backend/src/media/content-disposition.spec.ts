import { contentDisposition, safeContentType, sanitizeFilename } from './content-disposition.js';

describe('serving media', () => {
  it('keeps well-formed MIME types only', () => {
    expect(safeContentType('image/jpeg')).toBe('image/jpeg');
    expect(safeContentType('audio/ogg; codecs=opus')).toBe('audio/ogg');
    expect(safeContentType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
    expect(safeContentType(null)).toBe('application/octet-stream');
  });

  it('sanitizes file names chosen by the sender', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('C:\\Users\\x\\report.pdf')).toBe('report.pdf');
    expect(sanitizeFilename('in"voice\r\n;.pdf')).toBe('invoice.pdf');
    expect(sanitizeFilename('...hidden')).toBe('hidden');
    expect(sanitizeFilename('  ')).toBeUndefined();
    expect(sanitizeFilename(null)).toBeUndefined();
    const long = sanitizeFilename(`${'a'.repeat(300)}.pdf`)!;
    expect(long).toHaveLength(150);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('makes documents and risky types attachments, media inline', () => {
    expect(contentDisposition('application/pdf', 'Résumé (v2).pdf', true)).toBe(
      `attachment; filename="R_sum_ (v2).pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%28v2%29.pdf`,
    );
    expect(contentDisposition('image/jpeg', null, false)).toBe('inline');
    expect(contentDisposition('image/svg+xml', null, false)).toBe('attachment');
    expect(contentDisposition('text/html', 'x.html', false)).toBe(
      `attachment; filename="x.html"; filename*=UTF-8''x.html`,
    );
  });
});
