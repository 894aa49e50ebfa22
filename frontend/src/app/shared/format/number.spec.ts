import { formatCount, formatMoney, formatShare } from './number';

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

  it('shows money in its currency, with more decimals for prices of a fraction of a cent', () => {
    expect(formatMoney(1234.5, 'USD')).toBe('$1,234.50');
    expect(formatMoney(1.365, 'USD')).toBe('$1.37');
    expect(formatMoney(0.0768, 'USD', 4)).toBe('$0.0768');
    expect(formatMoney(0.08, 'USD', 4)).toBe('$0.08');
    expect(formatMoney(12.5, 'EUR')).toBe('€12.50');
  });
});
