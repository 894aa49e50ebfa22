import { formatCount, formatShare } from './number';

describe('number formats', () => {
  it('groups thousands in counts', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('shows shares as percentages with at most one decimal', () => {
    expect(formatShare(0.8763)).toBe('87.6%');
    expect(formatShare(1)).toBe('100%');
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(0.33333)).toBe('33.3%');
  });
});
