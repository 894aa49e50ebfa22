import {
  aRecipient,
  anAudienceReport,
  anEstimate,
  anUnpricedEstimate,
  someCounts,
} from '../../../testing/campaign-fixtures';
import {
  addReports,
  canSendAgain,
  countsOfEvent,
  countsSummary,
  estimateView,
  formatDuration,
  pacingText,
  progressOf,
  recipientDetail,
  recipientLastEvent,
  sendsOverTime,
  skippedByReason,
  slotWords,
} from './campaign-display';

describe('campaign display', () => {
  it('counts recipients in a final state as done, and words the counts', () => {
    const counts = someCounts({ pending: 50, sent: 20, read: 10, failed: 5, skipped: 15 });
    expect(progressOf(counts)).toEqual({ done: 50, total: 100, percent: 50 });
    expect(countsSummary(counts)).toBe('30 of 100 sent · 5 failed · 15 skipped');
    expect(progressOf(someCounts()).percent).toBe(0);
    expect(countsSummary(someCounts({ limited: 2, delivered: 1 }))).toBe(
      '1 of 3 sent · 2 limited by Meta',
    );
  });

  it('says how long pacing takes at the effective rate', () => {
    expect(pacingText(1200, 80)).toBe('1,200 messages at 80 per second: 15 seconds.');
    expect(pacingText(30_000, 80)).toBe('30,000 messages at 80 per second: about 7 minutes.');
    expect(pacingText(0, 80)).toBe('Nothing left to send.');
    expect(formatDuration(3 * 3600 + 60)).toBe('about 3 hours 1 minute');
    expect(formatDuration(7200)).toBe('about 2 hours');
  });

  it('lists skipped rows by reason in plain words and adds reports up', () => {
    const report = anAudienceReport();
    expect(skippedByReason(report.skipped)).toEqual([
      { reason: 'invalid_number', text: 'Not a valid WhatsApp number or user id', count: 1 },
      { reason: 'missing_variables', text: 'A template variable has no value', count: 1 },
    ]);
    const sum = addReports([report, report]);
    expect(sum.rows).toBe(10);
    expect(sum.added).toBe(6);
    expect(sum.skipped.invalid_number).toBe(2);
  });

  it("explains a recipient's state: Meta's error, the skip reason, the retry", () => {
    expect(
      recipientDetail(
        aRecipient({
          state: 'failed',
          error: { code: 131026, title: 'Message undeliverable', reason: 'Not on WhatsApp.' },
        }),
      ),
    ).toBe('Message undeliverable (code 131026): Not on WhatsApp.');
    expect(recipientDetail(aRecipient({ state: 'skipped', skip_reason: 'opted_out' }))).toBe(
      'Opted out of marketing messages',
    );
    expect(recipientDetail(aRecipient({ state: 'limited', retry_at: null }))).toContain(
      'tried again after 24 hours',
    );
    expect(recipientDetail(aRecipient({ state: 'unknown' }))).toContain('not sent again');
    expect(recipientDetail(aRecipient())).toBeNull();
    expect(canSendAgain(aRecipient({ state: 'unknown' }))).toBe(true);
    expect(canSendAgain(aRecipient({ state: 'delivered' }))).toBe(false);
    expect(recipientLastEvent(aRecipient())).toEqual({
      what: 'Delivered',
      at: '2026-11-24T12:05:04.000Z',
    });
  });

  it('adds the total to the counts of a live event', () => {
    const { total: _total, ...counts } = someCounts({ pending: 2, read: 3 });
    expect(countsOfEvent(counts).total).toBe(5);
  });

  it('lays the minutes of the campaign out on its time scale, wider slots for long campaigns', () => {
    expect(sendsOverTime([])).toEqual({ slotMinutes: 1, slots: [] });
    const at = (iso: string) => Date.parse(iso);
    expect(
      sendsOverTime([
        { starts_at: '2026-11-24T12:05:00.000Z', sent: 25, failed: 1 },
        { starts_at: '2026-11-24T12:07:00.000Z', sent: 5, failed: 1 },
      ]),
    ).toEqual({
      slotMinutes: 1,
      slots: [
        { start: at('2026-11-24T12:05:00.000Z'), sent: 25, failed: 1 },
        { start: at('2026-11-24T12:06:00.000Z'), sent: 0, failed: 0 },
        { start: at('2026-11-24T12:07:00.000Z'), sent: 5, failed: 1 },
      ],
    });
    // A day later, Meta's limited recipients go again: hours (at most 60 bars here), not 1,441
    // one-minute bars.
    const long = sendsOverTime(
      [
        { starts_at: '2026-11-24T12:05:00.000Z', sent: 4000, failed: 3 },
        { starts_at: '2026-11-24T12:59:00.000Z', sent: 10, failed: 0 },
        { starts_at: '2026-11-25T12:06:00.000Z', sent: 7, failed: 2 },
      ],
      60,
    );
    expect(long.slotMinutes).toBe(60);
    expect(long.slots).toHaveLength(25);
    expect(long.slots[0]).toEqual({ start: at('2026-11-24T12:00:00.000Z'), sent: 4010, failed: 3 });
    expect(long.slots[24]).toEqual({ start: at('2026-11-25T12:00:00.000Z'), sent: 7, failed: 2 });
    expect(long.slots.reduce((sum, slot) => sum + slot.sent, 0)).toBe(4017);
    expect([1, 5, 15, 60, 360, 1440].map(slotWords)).toEqual([
      'minute',
      '5 minutes',
      '15 minutes',
      'hour',
      '6 hours',
      'day',
    ]);
  });

  it('words the estimate: the cost where the rate card prices it, the rest counted only', () => {
    const priced = estimateView(anEstimate(), 2);
    expect(priced).toMatchObject({
      kind: 'priced',
      category: 'UTILITY',
      cost: '$10.50',
      pricedRecipients: 150,
      unpricedRecipients: 1050,
      more: { codes: 1, recipients: 50 },
    });
    expect(priced.rows).toEqual([
      {
        key: '1',
        code: '+1',
        place: 'United States',
        recipients: 1050,
        priceEach: null,
        cost: null,
      },
      {
        key: '49',
        code: '+49',
        place: 'Germany',
        recipients: 100,
        priceEach: '$0.0768',
        cost: '$7.68',
      },
    ]);

    const none = estimateView(anUnpricedEstimate());
    expect(none).toMatchObject({ kind: 'no-rate-card', cost: null, unpricedRecipients: 0 });
    expect(none.more).toBeNull();
    expect(none.rows.map((row) => row.place)).toEqual([
      'United States',
      'Germany',
      'United Kingdom',
    ]);

    const nothingPriced = estimateView(
      anEstimate({ estimated_cost: 0, priced_recipients: 0, by_calling_code: [] }),
    );
    expect(nothingPriced).toMatchObject({ kind: 'unpriced', cost: null, unpricedRecipients: 1200 });
    expect(
      estimateView(
        anEstimate({
          by_calling_code: [
            {
              calling_code: null,
              country: null,
              market: null,
              recipients: 3,
              price_each: null,
              cost: null,
            },
          ],
        }),
      ).rows[0],
    ).toMatchObject({ code: 'No number', place: 'Business-scoped user ids' });
  });
});
