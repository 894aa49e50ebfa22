/** `1,234`: a count in the user's locale. */
export function formatCount(value: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** `87.6%`: a share from 0 to 1 as a percentage with at most one decimal. */
export function formatShare(share: number, locale = 'en'): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    share,
  );
}
