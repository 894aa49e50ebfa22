import {
  parseRecipient,
  type SkipReason,
  type TemplateVariable,
  variableProblems,
} from '@convis/contracts';
import { phoneOfCell } from '../../common/csv/csv-reading.js';
import { type Executor } from '../../database/database.js';
import { type AudienceRecipient, type CampaignsRepository } from '../campaigns.repository.js';
import { type Campaign } from '../campaigns.schema.js';

/** One row of an audience, from a CSV line, a JSON row, a contact or an earlier campaign. */
export interface AudienceRow {
  /** The CSV line or the row's index, for the report. */
  readonly line: number;
  readonly to: string;
  readonly variables: Readonly<Record<string, string>>;
}

/** A row that will not be sent, and why. */
export interface AudienceProblem {
  readonly line: number;
  readonly to: string;
  readonly reason: SkipReason;
  readonly detail: string;
}

/** Problems listed one by one in a report; the counts cover them all. */
export const LISTED_PROBLEMS = 200;

/** What an audience upload did: rows read, recipients added, the rest by reason. */
export class AudienceReport {
  rows = 0;
  added = 0;
  readonly skipped: Record<SkipReason, number> = {
    invalid_number: 0,
    duplicate: 0,
    opted_out: 0,
    missing_variables: 0,
    extra_variables: 0,
    invalid_variables: 0,
  };
  readonly problems: AudienceProblem[] = [];

  skip(problem: AudienceProblem): void {
    this.skipped[problem.reason] += 1;
    if (this.problems.length < LISTED_PROBLEMS) this.problems.push(problem);
  }
}

/**
 * The address a row's `to` names: `+` and digits, or a business-scoped user id. Spreadsheets
 * drop the `+` of numbers and some write `00`: those read as international numbers too.
 */
export function audienceAddress(
  to: string,
): { ok: true; address: string } | { ok: false; reason: string } {
  const parsed = parseRecipient(to.trim());
  if (parsed.ok) {
    const r = parsed.recipient;
    return { ok: true, address: r.kind === 'phone' ? `+${r.waId}` : r.userId };
  }
  const cell = phoneOfCell(to);
  return cell.ok ? { ok: true, address: cell.e164 } : { ok: false, reason: cell.reason };
}

/**
 * Adds rows to a campaign's audience inside the caller's transaction, checking each as the
 * send would: a valid address, not there already, not opted out of marketing (marketing
 * templates), and a value for every variable of the template and none for variables it lacks
 * (so Meta's 132000 is caught here). Refused rows are kept as `skipped` with their reason.
 */
export class AudienceWriter {
  readonly report = new AudienceReport();
  private seq: number;

  constructor(
    private readonly campaign: Campaign,
    private readonly variableList: readonly TemplateVariable[],
    private readonly optedOut: ((addresses: readonly string[]) => Promise<Set<string>>) | null,
    private readonly repository: CampaignsRepository,
    private readonly tx: Executor,
    firstSeq: number,
  ) {
    this.seq = firstSeq;
  }

  /** The template's variables, for mapping columns and attributes to them. */
  variables(): readonly TemplateVariable[] {
    return this.variableList;
  }

  variableKeys(): readonly { key: string; name: string }[] {
    return this.variableList.map((v) => ({ key: v.key, name: v.name }));
  }

  async add(rows: readonly AudienceRow[]): Promise<void> {
    const candidates: (AudienceRecipient & { line: number; to: string })[] = [];
    const skipped: AudienceRecipient[] = [];
    const skip = (row: AudienceRow, address: string, reason: SkipReason, detail: string) => {
      this.report.skip({ line: row.line, to: row.to, reason, detail });
      skipped.push(this.recipient(address, row, reason));
    };
    for (const row of rows) {
      this.report.rows += 1;
      const parsed = audienceAddress(row.to);
      if (!parsed.ok) {
        skip(
          row,
          row.to.trim().slice(0, 128) || `(line ${row.line})`,
          'invalid_number',
          parsed.reason,
        );
        continue;
      }
      const values = { ...this.campaign.variables, ...row.variables };
      const problems = variableProblems(this.variableList, values);
      if (
        problems.extra.length > 0 &&
        Object.keys(row.variables).some((k) => problems.extra.includes(k))
      ) {
        skip(
          row,
          parsed.address,
          'extra_variables',
          `the template has no ${problems.extra.join(', ')}`,
        );
      } else if (problems.missing.length > 0) {
        skip(
          row,
          parsed.address,
          'missing_variables',
          `no value for ${problems.missing.join(', ')}`,
        );
      } else if (problems.invalid.length > 0) {
        skip(row, parsed.address, 'invalid_variables', `check ${problems.invalid.join(', ')}`);
      } else {
        candidates.push({
          ...this.recipient(parsed.address, row, null),
          line: row.line,
          to: row.to,
        });
      }
    }
    const optedOut = this.optedOut
      ? await this.optedOut(candidates.map((c) => c.address))
      : new Set<string>();
    const sendable = candidates.filter((c) => !optedOut.has(c.address));
    for (const c of candidates.filter((c) => optedOut.has(c.address))) {
      skip(
        { line: c.line, to: c.to, variables: c.variables ?? {} },
        c.address,
        'opted_out',
        'opted out of marketing messages',
      );
    }
    const added = await this.repository.addRecipients(
      sendable.map(({ line: _line, to: _to, ...recipient }) => recipient),
      this.tx,
    );
    // Skipped rows keep their values: a later check (another template, account) may send them.
    // Not added: the address is in the campaign already (this upload or an earlier one).
    const seen = new Set<string>();
    for (const c of sendable) {
      if (added.has(c.address) && !seen.has(c.address)) {
        seen.add(c.address);
        this.report.added += 1;
      } else {
        skip(
          { line: c.line, to: c.to, variables: c.variables ?? {} },
          c.address,
          'duplicate',
          'already in this campaign',
        );
      }
    }
    await this.repository.addSkipped(skipped, this.tx);
  }

  private recipient(
    address: string,
    row: AudienceRow,
    reason: SkipReason | null,
  ): AudienceRecipient {
    return {
      campaignId: this.campaign.id,
      organizationId: this.campaign.organizationId,
      seq: this.seq++,
      address,
      sourceLine: row.line,
      variables: { ...row.variables },
      skipReason: reason,
    };
  }
}
