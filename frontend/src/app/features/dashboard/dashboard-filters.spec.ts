import {
  DEFAULT_FILTERS,
  addDays,
  coversToday,
  dayToPickerDate,
  filtersFromParams,
  filtersToParams,
  hasFilters,
  periodDays,
  pickerDateToDay,
  toStatsParams,
  utcToday,
} from './dashboard-filters';

const ACCOUNT = '7f9a2c1e-3b4d-4e5f-8a6b-9c0d1e2f3a4b';
const TODAY = '2026-11-24';

describe('dashboard filters', () => {
  it('defaults to all accounts over the last 30 days', () => {
    expect(filtersFromParams({})).toEqual(DEFAULT_FILTERS);
    expect(filtersFromParams({ days: '12', account: 'nope', from: '2026-02-30' })).toEqual(
      DEFAULT_FILTERS,
    );
    expect(hasFilters(DEFAULT_FILTERS)).toBe(false);
  });

  it('reads a preset or a custom period, putting a reversed one in order', () => {
    expect(filtersFromParams({ account: ACCOUNT.toUpperCase(), days: '7' })).toEqual({
      account: ACCOUNT,
      days: 7,
      from: null,
      to: null,
    });
    expect(filtersFromParams({ days: '7', from: '2026-11-20', to: '2026-11-01' })).toEqual({
      account: null,
      days: null,
      from: '2026-11-01',
      to: '2026-11-20',
    });
  });

  it('writes the filters back, leaving the defaults out of the URL', () => {
    expect(filtersToParams(DEFAULT_FILTERS)).toEqual({
      account: null,
      days: null,
      from: null,
      to: null,
    });
    const custom = filtersFromParams({ account: ACCOUNT, from: '2026-11-01', to: '2026-11-20' });
    expect(filtersToParams(custom)).toEqual({
      account: ACCOUNT,
      days: null,
      from: '2026-11-01',
      to: '2026-11-20',
    });
    expect(filtersToParams({ ...DEFAULT_FILTERS, days: 90 })['days']).toBe('90');
  });

  it('turns a period into UTC days up to today', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(utcToday(new Date('2026-11-24T23:59:59.000Z'))).toBe('2026-11-24');
    expect(periodDays({ ...DEFAULT_FILTERS, days: 7 }, TODAY)).toEqual({
      from: '2026-11-18',
      to: TODAY,
    });
    expect(periodDays(DEFAULT_FILTERS, TODAY)).toEqual({ from: '2026-10-26', to: TODAY });
  });

  it('asks the API for the period, leaving its defaults to it', () => {
    expect(toStatsParams(DEFAULT_FILTERS, TODAY)).toEqual({});
    expect(toStatsParams({ ...DEFAULT_FILTERS, account: ACCOUNT, days: 90 }, TODAY)).toEqual({
      account_id: ACCOUNT,
      since: '2026-08-27',
    });
    expect(
      toStatsParams({ account: null, days: null, from: '2026-11-01', to: '2026-11-20' }, TODAY),
    ).toEqual({ since: '2026-11-01', until: '2026-11-20' });
  });

  it('knows whether messages created now can count', () => {
    expect(coversToday(DEFAULT_FILTERS, TODAY)).toBe(true);
    expect(
      coversToday({ ...DEFAULT_FILTERS, days: null, from: '2026-11-01', to: TODAY }, TODAY),
    ).toBe(true);
    expect(
      coversToday({ ...DEFAULT_FILTERS, days: null, from: '2026-11-01', to: '2026-11-20' }, TODAY),
    ).toBe(false);
  });

  it('converts days to and from the local dates a date picker uses', () => {
    const date = dayToPickerDate('2026-02-28');
    expect([date.getFullYear(), date.getMonth(), date.getDate(), date.getHours()]).toEqual([
      2026, 1, 28, 0,
    ]);
    expect(pickerDateToDay(date)).toBe('2026-02-28');
  });
});
