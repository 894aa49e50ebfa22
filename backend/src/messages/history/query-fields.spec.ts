import { ValidationException } from '../../common/errors/validation.exception.js';
import { boundedRange, openRange, utcDays } from './date-range.js';
import { decodeCursor, encodeCursor, escapeLike, parseDateBound } from './query-fields.js';

describe('keyset cursors', () => {
  const position = {
    at: '2026-11-24T12:00:00.123456Z',
    id: '5d7c1e2a-8b4f-4f7a-9c3d-2e1f0a9b8c7d',
  };

  it('round-trips a position, microseconds included', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['no id', Buffer.from('2026-11-24T12:00:00.123456Z').toString('base64url')],
    ['bad id', Buffer.from('2026-11-24T12:00:00.123456Z|1234').toString('base64url')],
    [
      'milliseconds only',
      Buffer.from(`2026-11-24T12:00:00.123Z|${position.id}`).toString('base64url'),
    ],
    [
      'impossible date',
      Buffer.from(`2026-02-30T12:00:00.000000Z|${position.id}`).toString('base64url'),
    ],
    ['extra part', Buffer.from(`${position.at}|${position.id}|x`).toString('base64url')],
  ])('refuses a cursor that is not ours (%s)', (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});

describe('date bounds', () => {
  it('reads dates as UTC midnight, and as the end of the day for `until`', () => {
    expect(parseDateBound('2026-11-24', 'start')?.toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(parseDateBound('2026-11-24', 'end')?.toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(parseDateBound('2026-12-31', 'end')?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('reads date-times with or without an offset (UTC when absent)', () => {
    expect(parseDateBound('2026-11-24T09:30', 'end')?.toISOString()).toBe(
      '2026-11-24T09:30:00.000Z',
    );
    expect(parseDateBound('2026-11-24T09:30:15.5Z', 'start')?.toISOString()).toBe(
      '2026-11-24T09:30:15.500Z',
    );
    expect(parseDateBound('2026-11-24T09:30:00+02:00', 'start')?.toISOString()).toBe(
      '2026-11-24T07:30:00.000Z',
    );
    expect(parseDateBound('2026-11-24T09:30:00-0530', 'start')?.toISOString()).toBe(
      '2026-11-24T15:00:00.000Z',
    );
  });

  it.each([
    '2026-13-01',
    '2026-02-29',
    '2026-11-24T25:00:00Z',
    'yesterday',
    '1732406400',
    '2026-W48',
  ])('refuses %s', (value) => {
    expect(parseDateBound(value, 'start')).toBeUndefined();
  });
});

describe('ranges', () => {
  const fieldOf = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      return (error as ValidationException).details.map((d) => d.field);
    }
    return [];
  };

  it('keeps open bounds open and refuses an empty range, naming `until`', () => {
    expect(openRange(undefined, undefined)).toEqual({ since: undefined, until: undefined });
    expect(fieldOf(() => openRange('2026-11-24T10:00Z', '2026-11-24T10:00Z'))).toEqual(['until']);
    expect(openRange('2026-11-24', '2026-11-24').until?.toISOString()).toBe(
      '2026-11-25T00:00:00.000Z',
    );
  });

  it('defaults to the last 30 UTC days including today, and caps the length', () => {
    const now = new Date('2026-11-24T15:00:00Z');
    const range = boundedRange(undefined, undefined, { defaultDays: 30, maxDays: 366, now });
    expect(range).toEqual({
      since: new Date('2026-10-26T00:00:00Z'),
      until: new Date('2026-11-25T00:00:00Z'),
    });
    expect(utcDays(range)).toHaveLength(30);
    expect(utcDays(range).at(-1)).toBe('2026-11-24');
    expect(
      fieldOf(() =>
        boundedRange('2025-11-23', '2026-11-24', { defaultDays: 30, maxDays: 366, now }),
      ),
    ).toEqual(['since']);
    expect(
      fieldOf(() => boundedRange('2026-12-01', undefined, { defaultDays: 30, maxDays: 366, now })),
    ).toEqual(['since']);
    expect(() =>
      boundedRange(undefined, undefined, { defaultDays: 30, maxDays: 30, now }),
    ).not.toThrow(ValidationException);
  });

  it('lists the UTC dates a range touches, partial days included', () => {
    expect(
      utcDays({
        since: new Date('2026-11-24T23:00:00Z'),
        until: new Date('2026-11-26T00:00:00.001Z'),
      }),
    ).toEqual(['2026-11-24', '2026-11-25', '2026-11-26']);
    expect(
      utcDays({ since: new Date('2026-11-24T10:00:00Z'), until: new Date('2026-11-24T11:00:00Z') }),
    ).toEqual(['2026-11-24']);
  });
});

describe('escapeLike', () => {
  it('makes %, _ and \\ literal', () => {
    expect(escapeLike('50%_off\\now')).toBe('50\\%\\_off\\\\now');
    expect(escapeLike('plain')).toBe('plain');
  });
});
