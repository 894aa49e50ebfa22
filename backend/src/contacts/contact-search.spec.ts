import { parseContactSearch } from './contact-search.js';

describe('parseContactSearch', () => {
  it.each(['5550101234', '555-010-1234', '+1 555 010 1234', '(555) 010.1234', '+1/555/0101234'])(
    'reads %s as digits',
    (term) => {
      expect(parseContactSearch(term).digits).toMatch(/^1?5550101234$/);
    },
  );

  it('keeps names, usernames and user ids as text', () => {
    expect(parseContactSearch('Ada Lovelace')).toEqual({ digits: null, text: 'Ada Lovelace' });
    expect(parseContactSearch('US.13491208655302741918').digits).toBeNull();
    expect(parseContactSearch('Room 101').digits).toBeNull();
  });

  it('searches fewer than 3 digits as text (they would match almost everyone)', () => {
    expect(parseContactSearch(' 12 ')).toEqual({ digits: null, text: '12' });
  });
});
