import { aStats, anEmptyStats } from './stats-fixtures';
import {
  categoryLabel,
  dailySummary,
  failureLabel,
  funnel,
  isEmptyPeriod,
  pricingRows,
  statCards,
} from './stats-view';

describe('stats view', () => {
  it('turns the current statuses into a funnel: sent ≥ delivered ≥ read', () => {
    expect(funnel(aStats())).toEqual({
      sent: 95,
      delivered: 85,
      read: 45,
      failed: 3,
      queued: 2,
      outbound: 100,
      leftQueue: 98,
    });
  });

  it('makes the cards from the figures, with rates as percentages', () => {
    const cards = statCards(aStats({ inbound: 1234 }));
    expect(cards.map(({ key, value, detail }) => [key, value, detail])).toEqual([
      ['sent', '95', '100 outbound · 2 queued'],
      ['delivered', '85', '40 not read yet'],
      ['read', '45', null],
      ['failed', '3', 'Mostly: Message undeliverable'],
      ['inbound', '1,234', null],
      ['delivery_rate', '86.7%', '85 of 98'],
      ['read_rate', '45.9%', '45 of 98'],
    ]);
    const explanation = (key: string) => cards.find((card) => card.key === key)?.explanation;
    expect(explanation('delivery_rate')).toMatch(/^Delivered or read messages ÷ outbound/);
    expect(explanation('delivery_rate')).toContain('failed messages count against the rate');
    expect(explanation('read_rate')).toContain('queued ones are left out');
  });

  it('shows no rate when nothing left the queue', () => {
    const cards = statCards(
      aStats({
        total: 4,
        by_status: { queued: 4, sent: 0, delivered: 0, read: 0, failed: 0 },
        delivery_rate: 0,
        read_rate: 0,
        top_failures: [],
      }),
    );
    const rate = cards.find((card) => card.key === 'delivery_rate');
    expect([rate?.value, rate?.detail]).toEqual(['—', 'Nothing left the queue']);
    expect(cards.find((card) => card.key === 'failed')?.detail).toBeNull();
  });

  it('knows an empty period', () => {
    expect(isEmptyPeriod(anEmptyStats())).toBe(true);
    expect(isEmptyPeriod(aStats())).toBe(false);
    expect(isEmptyPeriod({ ...anEmptyStats(), inbound: 1 })).toBe(false);
  });

  it('describes the daily chart in words, and a failure reason in one line', () => {
    expect(dailySummary(aStats()).replace(/\s/g, ' ')).toBe(
      'Messages per day, Nov 22 – 24, 2026: 95 sent, 85 delivered, 45 read, 3 failed, 37 inbound. ' +
        'Busiest day: Nov 24, 42 outbound messages.',
    );
    expect(failureLabel({ code: 131047, title: 'Re-engagement message', count: 1 })).toBe(
      '131047 · Re-engagement message',
    );
  });

  it('lists pricing categories, largest first, with their share', () => {
    expect(pricingRows(aStats())).toEqual([
      { category: 'marketing', label: 'Marketing', count: '40', share: '50%', fraction: 0.5 },
      { category: 'utility', label: 'Utility', count: '35', share: '43.8%', fraction: 0.4375 },
      {
        category: 'referral_conversion',
        label: 'Referral conversion',
        count: '5',
        share: '6.3%',
        fraction: 0.0625,
      },
    ]);
    expect(pricingRows(anEmptyStats())).toEqual([]);
    expect(categoryLabel('AUTHENTICATION')).toBe('Authentication');
  });
});
