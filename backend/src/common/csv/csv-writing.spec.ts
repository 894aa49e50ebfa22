import { csvLine } from './csv-writing.js';

describe('csvLine', () => {
  it('quotes what needs it and keeps numbers as they are', () => {
    expect(csvLine(['+15550101234', 'Hopper, Grace', 'say "hi"', null])).toBe(
      '+15550101234,"Hopper, Grace","say ""hi""",\r\n',
    );
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvLine(['=HYPERLINK("x")', '@SUM(A1)', '-2+3*cmd', '+1 555'])).toBe(
      `"'=HYPERLINK(""x"")",'@SUM(A1),'-2+3*cmd,+1 555\r\n`,
    );
  });
});
