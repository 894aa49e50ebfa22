import { detectDelimiter, headerNames, cellText } from '@convis/contracts';
import { readCsv, readHead } from '../../common/csv/csv-reading.js';

/** A market's prices, USD per delivered template message, by Meta's pricing category. */
export interface MarketRates {
  readonly market: string;
  readonly MARKETING: number;
  readonly UTILITY: number;
  readonly AUTHENTICATION: number;
}

/** Prices by calling code (`1`, `44`, `91`), from Meta's rate card as the business keeps it. */
export type RateCard = ReadonlyMap<string, MarketRates>;

const COLUMNS = ['calling_code', 'market', 'marketing', 'utility', 'authentication'] as const;

/**
 * Reads a rate card CSV: `calling_code,market,marketing,utility,authentication`, one line per
 * calling code (copy Meta's current rate card: prices change, so none is built in). A line
 * that cannot be read is an error naming it, so a typo never prices a campaign silently wrong.
 */
export async function readRateCard(path: string): Promise<RateCard> {
  const delimiter = detectDelimiter(await readHead(path));
  const card = new Map<string, MarketRates>();
  let index: Record<string, number> | undefined;
  for await (const row of readCsv(path, delimiter)) {
    if (!index) {
      const names = headerNames(row.cells).map((n) => n.toLowerCase());
      const missing = COLUMNS.filter((c) => !names.includes(c));
      if (missing.length)
        throw new Error(`The rate card ${path} lacks the column(s) ${missing.join(', ')}`);
      index = Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)]));
      continue;
    }
    const cell = (column: (typeof COLUMNS)[number]) => cellText(row.cells[index![column]!]);
    const price = (column: 'marketing' | 'utility' | 'authentication') => {
      const value = Number(cell(column));
      if (!Number.isFinite(value) || value < 0)
        throw new Error(`The rate card ${path}, line ${row.line}: ${column} is not a price`);
      return value;
    };
    const code = cell('calling_code').replace(/^\+/, '');
    if (!/^\d{1,4}$/.test(code))
      throw new Error(
        `The rate card ${path}, line ${row.line}: calling_code is not a calling code`,
      );
    card.set(code, {
      market: cell('market') || `+${code}`,
      MARKETING: price('marketing'),
      UTILITY: price('utility'),
      AUTHENTICATION: price('authentication'),
    });
  }
  return card;
}
