/** `1,234`: a count in the user's locale. */
export function formatCount(value: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** `3`, or `99+` from a hundred on: a count in a badge or a tab title. */
export function formatBadgeCount(count: number): string {
  return count > 99 ? '99+' : String(count);
}

/** `87.6%`: a share from 0 to 1 as a percentage with at most one decimal. */
export function formatShare(share: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    share,
  );
}

/**
 * `$1,234.50`: an amount in `currency` (ISO 4217) with the currency's own decimals, or up to
 * `maximumFractionDigits` for prices of a fraction of a cent (`$0.0768`).
 */
export function formatMoney(
  amount: number,
  currency: string,
  maximumFractionDigits?: number,
  locale = 'en',
): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    ...(maximumFractionDigits !== undefined && { maximumFractionDigits }),
  }).format(amount);
}
