import { describePricing, describeStatusErrors } from '../../shared/message-detail/message-display';
import {
  NO_FILTERS,
  filtersFromParams,
  filtersToParams,
  hasFilters,
  toListParams,
} from './message-filters';

const ACCOUNT = '7f9a2c1e-3b4d-4e5f-8a6b-9c0d1e2f3a4b';

describe('message filters', () => {
  it('reads every filter from the URL', () => {
    expect(
      filtersFromParams({
        account: ACCOUNT.toUpperCase(),
        direction: 'out',
        status: 'failed,read,bogus',
        from: '2026-11-01',
        to: '2026-11-24',
        q: ' hello ',
        contact: '+1 555',
        campaign: 'not-a-uuid',
      }),
    ).toEqual({
      account: ACCOUNT,
      direction: 'out',
      statuses: ['read', 'failed'],
      from: '2026-11-01',
      to: '2026-11-24',
      q: 'hello',
      contact: '+1 555',
      campaign: null,
      errorCode: null,
      utc: false,
    });
  });

  it('leaves out malformed values and puts a reversed range in order', () => {
    expect(
      filtersFromParams({ direction: 'sideways', from: '2026-02-30', to: 'yesterday' }),
    ).toEqual(NO_FILTERS);
    const swapped = filtersFromParams({ from: '2026-11-24', to: '2026-11-01' });
    expect([swapped.from, swapped.to]).toEqual(['2026-11-01', '2026-11-24']);
  });

  it('writes the filters back to query params, removing the ones that are off', () => {
    const filters = filtersFromParams({ status: 'sent,delivered', q: 'hi' });
    expect(filtersToParams(filters)).toEqual({
      account: null,
      direction: null,
      status: 'sent,delivered',
      from: null,
      to: null,
      q: 'hi',
      contact: null,
      campaign: null,
      error_code: null,
      tz: null,
    });
    expect(filtersFromParams(filtersToParams(filters) as Record<string, string>)).toEqual(filters);
    expect(hasFilters(filters)).toBe(true);
    expect(hasFilters(NO_FILTERS)).toBe(false);
  });

  it("reads the Dashboard's links: an error code and UTC days, sent as they are", () => {
    const filters = filtersFromParams({
      direction: 'out',
      status: 'failed',
      error_code: '131026',
      from: '2026-11-01',
      to: '2026-11-24',
      tz: 'utc',
    });
    expect(filters).toMatchObject({ errorCode: '131026', utc: true });
    expect(toListParams(filters, 50, null)).toEqual({
      limit: 50,
      direction: 'out',
      status: 'failed',
      since: '2026-11-01',
      until: '2026-11-24',
      error_code: '131026',
    });
    expect(filtersToParams(filters)).toMatchObject({ error_code: '131026', tz: 'utc' });
    expect(filtersFromParams({ error_code: 'none' }).errorCode).toBe('none');
    expect(filtersFromParams({ error_code: 'oops' }).errorCode).toBeNull();
    // Without days, tz says nothing.
    expect(filtersFromParams({ tz: 'utc' })).toEqual(NO_FILTERS);
  });

  it('turns local days into the API instants, with the last day included', () => {
    const filters = filtersFromParams({
      account: ACCOUNT,
      direction: 'in',
      status: 'received',
      from: '2026-11-01',
      to: '2026-11-24',
      q: 'order',
    });
    expect(toListParams(filters, 50, 'cursor-2')).toEqual({
      limit: 50,
      cursor: 'cursor-2',
      account_id: ACCOUNT,
      direction: 'in',
      status: 'received',
      since: new Date(2026, 10, 1).toISOString(),
      until: new Date(2026, 10, 25).toISOString(),
      q: 'order',
    });
    expect(toListParams(NO_FILTERS, 50, null)).toEqual({ limit: 50 });
  });
});

describe('message display', () => {
  it("describes Meta's pricing and status errors", () => {
    expect(
      describePricing({
        billable: false,
        pricing_model: 'PMP',
        type: 'free_customer_service',
        category: 'service',
      }),
    ).toBe('Not billable · service · free customer service (PMP)');
    expect(describePricing(null)).toBeNull();
    expect(
      describeStatusErrors([
        {
          code: 131026,
          title: 'Message undeliverable',
          message: 'Message undeliverable',
          error_data: { details: 'Recipient not on WhatsApp' },
        },
      ]),
    ).toEqual([
      { heading: '131026 · Message undeliverable', details: 'Recipient not on WhatsApp' },
    ]);
  });
});
