/** A country in the phone field's list. */
export interface Country {
  /** ISO 3166-1 alpha-2 code. */
  readonly iso: string;
  readonly name: string;
  /** The country calling code, without `+`. */
  readonly dialCode: string;
  /**
   * The digit dialled before national numbers inside the country and dropped abroad (the UK's
   * 0 in 07700 900123), or none where numbers are dialled the same way (Italy keeps its 0).
   */
  readonly trunkPrefix?: string;
}

/**
 * The most common countries for WhatsApp Business, by name. Any other country works by typing
 * `+` and its code. Numbers starting with +1 show as the United States (they share the code with
 * Canada and the Caribbean).
 */
export const COUNTRIES: readonly Country[] = [
  { iso: 'AR', name: 'Argentina', dialCode: '54', trunkPrefix: '0' },
  { iso: 'AU', name: 'Australia', dialCode: '61', trunkPrefix: '0' },
  { iso: 'AT', name: 'Austria', dialCode: '43', trunkPrefix: '0' },
  { iso: 'BD', name: 'Bangladesh', dialCode: '880', trunkPrefix: '0' },
  { iso: 'BE', name: 'Belgium', dialCode: '32', trunkPrefix: '0' },
  { iso: 'BR', name: 'Brazil', dialCode: '55', trunkPrefix: '0' },
  { iso: 'CA', name: 'Canada', dialCode: '1', trunkPrefix: '1' },
  { iso: 'CL', name: 'Chile', dialCode: '56' },
  { iso: 'CN', name: 'China', dialCode: '86', trunkPrefix: '0' },
  { iso: 'CO', name: 'Colombia', dialCode: '57' },
  { iso: 'DK', name: 'Denmark', dialCode: '45' },
  { iso: 'EG', name: 'Egypt', dialCode: '20', trunkPrefix: '0' },
  { iso: 'FI', name: 'Finland', dialCode: '358', trunkPrefix: '0' },
  { iso: 'FR', name: 'France', dialCode: '33', trunkPrefix: '0' },
  { iso: 'DE', name: 'Germany', dialCode: '49', trunkPrefix: '0' },
  { iso: 'GR', name: 'Greece', dialCode: '30' },
  { iso: 'HK', name: 'Hong Kong', dialCode: '852' },
  { iso: 'IN', name: 'India', dialCode: '91', trunkPrefix: '0' },
  { iso: 'ID', name: 'Indonesia', dialCode: '62', trunkPrefix: '0' },
  { iso: 'IE', name: 'Ireland', dialCode: '353', trunkPrefix: '0' },
  { iso: 'IL', name: 'Israel', dialCode: '972', trunkPrefix: '0' },
  { iso: 'IT', name: 'Italy', dialCode: '39' },
  { iso: 'JP', name: 'Japan', dialCode: '81', trunkPrefix: '0' },
  { iso: 'KE', name: 'Kenya', dialCode: '254', trunkPrefix: '0' },
  { iso: 'MY', name: 'Malaysia', dialCode: '60', trunkPrefix: '0' },
  { iso: 'MX', name: 'Mexico', dialCode: '52' },
  { iso: 'MA', name: 'Morocco', dialCode: '212', trunkPrefix: '0' },
  { iso: 'NL', name: 'Netherlands', dialCode: '31', trunkPrefix: '0' },
  { iso: 'NZ', name: 'New Zealand', dialCode: '64', trunkPrefix: '0' },
  { iso: 'NG', name: 'Nigeria', dialCode: '234', trunkPrefix: '0' },
  { iso: 'NO', name: 'Norway', dialCode: '47' },
  { iso: 'PK', name: 'Pakistan', dialCode: '92', trunkPrefix: '0' },
  { iso: 'PE', name: 'Peru', dialCode: '51' },
  { iso: 'PH', name: 'Philippines', dialCode: '63', trunkPrefix: '0' },
  { iso: 'PL', name: 'Poland', dialCode: '48' },
  { iso: 'PT', name: 'Portugal', dialCode: '351' },
  { iso: 'SA', name: 'Saudi Arabia', dialCode: '966', trunkPrefix: '0' },
  { iso: 'SG', name: 'Singapore', dialCode: '65' },
  { iso: 'ZA', name: 'South Africa', dialCode: '27', trunkPrefix: '0' },
  { iso: 'KR', name: 'South Korea', dialCode: '82', trunkPrefix: '0' },
  { iso: 'ES', name: 'Spain', dialCode: '34' },
  { iso: 'SE', name: 'Sweden', dialCode: '46', trunkPrefix: '0' },
  { iso: 'CH', name: 'Switzerland', dialCode: '41', trunkPrefix: '0' },
  { iso: 'TH', name: 'Thailand', dialCode: '66', trunkPrefix: '0' },
  { iso: 'TR', name: 'Türkiye', dialCode: '90', trunkPrefix: '0' },
  { iso: 'AE', name: 'United Arab Emirates', dialCode: '971', trunkPrefix: '0' },
  { iso: 'GB', name: 'United Kingdom', dialCode: '44', trunkPrefix: '0' },
  { iso: 'US', name: 'United States', dialCode: '1', trunkPrefix: '1' },
  { iso: 'VN', name: 'Vietnam', dialCode: '84', trunkPrefix: '0' },
];

const BY_ISO = new Map(COUNTRIES.map((country) => [country.iso, country]));
/** Which country a calling code stands for when several share it. */
const PREFERRED_FOR_CODE: Readonly<Record<string, string>> = { '1': 'US' };

export function countryByIso(iso: string | null | undefined): Country | null {
  return (iso && BY_ISO.get(iso.toUpperCase())) || null;
}

/**
 * The country whose calling code starts `digits` (an international number without `+`).
 * Calling codes are prefix-free, so at most one code matches.
 */
export function countryOfNumber(digits: string): Country | null {
  for (const length of [1, 2, 3]) {
    const code = digits.slice(0, length);
    if (code.length < length) return null;
    const preferred = countryByIso(PREFERRED_FOR_CODE[code]);
    if (preferred) return preferred;
    const match = COUNTRIES.find((country) => country.dialCode === code);
    if (match) return match;
  }
  return null;
}
