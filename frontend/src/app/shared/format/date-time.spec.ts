import { formatRelativeTime } from './date-time';

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-11-24T12:00:00.000Z');
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it.each([
    [10, 'just now'],
    [50, '50 seconds ago'],
    [90, '2 minutes ago'],
    [3 * 3600, '3 hours ago'],
    [26 * 3600, 'yesterday'],
    [3 * 24 * 3600, '3 days ago'],
    [15 * 24 * 3600, '2 weeks ago'],
    [400 * 24 * 3600, 'last year'],
  ])('%i seconds ago reads "%s"', (seconds, text) => {
    expect(formatRelativeTime(ago(seconds), now)).toBe(text);
  });

  it('handles future times and invalid dates', () => {
    expect(formatRelativeTime(ago(-7200), now)).toBe('in 2 hours');
    expect(formatRelativeTime('not a date', now)).toBe('');
  });
});
