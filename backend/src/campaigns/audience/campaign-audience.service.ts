import {
  CAMPAIGN_LIMITS,
  cellText,
  detectDelimiter,
  headerNames,
  type RecipientState,
  templateVariableSlots,
} from '@convis/contracts';
import { ConflictException, Injectable } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type AccountSecrets, AccountsService } from '../../accounts/accounts.service.js';
import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { brokenUpload } from '../../common/csv/csv-upload.js';
import { readCsv, readHead } from '../../common/csv/csv-reading.js';
import { ValidationException } from '../../common/errors/validation.exception.js';
import { ConsentService } from '../../contacts/consent/consent.service.js';
import { ContactsService } from '../../contacts/contacts.service.js';
import { type Executor } from '../../database/database.js';
import { TemplateCatalog } from '../../templates/template-catalog.service.js';
import { campaignOf, campaignWithAccount } from '../campaign-lookups.js';
import { CampaignsRepository } from '../campaigns.repository.js';
import { type Campaign } from '../campaigns.schema.js';
import { type AddAudienceDto, type RetargetOutcome } from '../dto/campaign-request.dto.js';
import { type AudienceReportDto } from '../dto/campaign-response.dto.js';
import { type AudienceRow, AudienceWriter } from './campaign-audience.js';
import { csvMapping, parseColumnsField } from './csv-mapping.js';

/** The largest CSV taken. */
const MAX_CSV_BYTES = 50 * 1024 * 1024;

const RETARGET_STATES: Readonly<Record<RetargetOutcome, RecipientState[]>> = {
  failed: ['failed'],
  delivered_not_read: ['delivered'],
  read_not_replied: ['read'],
  replied: ['replied'],
  not_delivered: ['sent', 'failed', 'unknown'],
  limited: ['limited'],
};

/** What an addition to a draft's audience did, and the draft after it. */
export interface AudienceUpload {
  readonly report: Omit<AudienceReportDto, 'campaign' | 'mapping'>;
  /** Which CSV column went to `to` and to each variable (empty for other sources). */
  readonly mapping: Record<string, string>;
  readonly campaign: Campaign;
}

/**
 * A draft's audience: JSON rows, a tag's contacts, an earlier campaign's recipients by outcome,
 * or a CSV, each row checked (AudienceWriter) and the whole addition one transaction.
 */
@Injectable()
export class CampaignAudience {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly accounts: AccountsService,
    private readonly templates: TemplateCatalog,
    private readonly consent: ConsentService,
    private readonly contacts: ContactsService,
  ) {}

  /** Adds JSON rows, a tag's contacts or an earlier campaign's recipients to a draft. */
  async addRows(
    caller: AuthenticatedUser,
    id: string,
    dto: AddAudienceDto,
  ): Promise<AudienceUpload> {
    const sources = [dto.recipients, dto.tag, dto.from_campaign].filter((s) => s !== undefined);
    if (sources.length !== 1)
      throw new ValidationException([
        { field: 'recipients', messages: ['Give exactly one of recipients, tag or from_campaign'] },
      ]);
    return this.withDraft(caller, id, async (writer, campaign) => {
      if (dto.recipients) {
        await writer.add(
          dto.recipients.map((r, i) => ({ line: i + 1, to: r.to, variables: r.variables ?? {} })),
        );
      } else if (dto.tag) {
        const keys = writer.variableKeys();
        let line = 0;
        for await (const page of this.contacts.addressesTagged(
          caller.organizationId,
          dto.tag,
          campaign.accountId,
        )) {
          await writer.add(
            page.map((c) => ({
              line: ++line,
              to: c.address,
              variables: fromAttributes(keys, c.attributes),
            })),
          );
        }
      } else if (dto.from_campaign) {
        const source = await campaignOf(this.campaigns, caller, dto.from_campaign.campaign_id);
        let line = 0;
        for await (const page of this.campaigns.recipientsOf(
          source.id,
          RETARGET_STATES[dto.from_campaign.outcome],
        )) {
          await writer.add(
            page.map((r) => ({ line: ++line, to: r.address, variables: r.variables })),
          );
        }
      }
      return {};
    });
  }

  /**
   * A CSV audience (multipart: `file`, optional `to_column` and `columns`): the number (or user
   * id) column is `to_column` or guessed from the header; the variables' columns are those
   * `columns` names (the console's mapping step), or else those named like a variable's key
   * (`body_1`) or its placeholder (`1`, `first_name`). Streamed, so 100,000 rows take the
   * memory of one batch.
   */
  async addCsv(
    caller: AuthenticatedUser,
    id: string,
    request: FastifyRequest,
  ): Promise<AudienceUpload> {
    if (!request.isMultipart())
      throw new ValidationException([
        { field: 'file', messages: ['Send multipart/form-data with the CSV file as file'] },
      ]);
    const folder = await mkdtemp(join(tmpdir(), 'convis-audience-'));
    const path = join(folder, `${randomUUID()}.csv`);
    try {
      let toColumn: string | undefined;
      let chosen: Record<string, string> | undefined;
      let received = false;
      for await (const part of request.parts({
        limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 5 },
      })) {
        if (part.type === 'field' && part.fieldname === 'to_column')
          toColumn = String(part.value).trim() || undefined;
        if (part.type === 'field' && part.fieldname === 'columns')
          chosen = parseColumnsField(String(part.value));
        if (part.type !== 'file' || part.fieldname !== 'file') continue;
        await pipeline(part.file, createWriteStream(path));
        if (part.file.truncated)
          throw new ValidationException([
            {
              field: 'file',
              messages: [`The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB`],
            },
          ]);
        received = true;
      }
      if (!received)
        throw new ValidationException([{ field: 'file', messages: ['file is required'] }]);
      const delimiter = detectDelimiter(await readHead(path));
      return await this.withDraft(caller, id, async (writer) => {
        let columns: string[] | null = null;
        let mapping: Record<string, string> = {};
        let toIndex = -1;
        let variableIndexes: readonly (readonly [string, number])[] = [];
        let batch: AudienceRow[] = [];
        for await (const row of readCsv(path, delimiter)) {
          if (!columns) {
            columns = headerNames(row.cells);
            ({ toIndex, variableIndexes, mapping } = csvMapping(
              columns,
              writer.variables(),
              toColumn,
              chosen,
            ));
            continue;
          }
          const variables: Record<string, string> = {};
          for (const [key, index] of variableIndexes) {
            const value = cellText(row.cells[index]);
            if (value) variables[key] = value;
          }
          batch.push({ line: row.line, to: cellText(row.cells[toIndex]), variables });
          if (batch.length >= 1000) {
            await writer.add(batch);
            batch = [];
          }
          if (writer.report.rows + batch.length > CAMPAIGN_LIMITS.recipients)
            throw new ValidationException([
              {
                field: 'file',
                messages: [`A campaign takes at most ${CAMPAIGN_LIMITS.recipients} recipients`],
              },
            ]);
        }
        await writer.add(batch);
        if (!columns)
          throw new ValidationException([{ field: 'file', messages: ['The file is empty'] }]);
        return mapping;
      });
    } catch (error) {
      throw brokenUpload(error);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  private async withDraft(
    caller: AuthenticatedUser,
    id: string,
    work: (writer: AudienceWriter, campaign: Campaign) => Promise<Record<string, string>>,
  ): Promise<AudienceUpload> {
    const { account, template } = await campaignWithAccount(
      { campaigns: this.campaigns, accounts: this.accounts, templates: this.templates },
      caller,
      id,
    );
    // All or nothing: a failed upload leaves the audience as it was.
    return this.campaigns.transaction(async (tx) => {
      const locked = await this.campaigns.findForUpdate(caller.organizationId, id, tx);
      if (locked?.state !== 'draft')
        throw new ConflictException(
          `The campaign is ${locked?.state ?? 'gone'}: the audience can only change while it is a draft.`,
        );
      const writer = await this.writer(locked, account, template?.components ?? [], tx);
      const mapping = await work(writer, locked);
      return { report: reportOf(writer), mapping, campaign: locked };
    });
  }

  /**
   * Checks a draft's whole audience again, in order, as if it were uploaded now: after a new
   * account (its opt-outs), template (its variables, its category) or default values. Rows the
   * draft can no longer send become skipped with the reason; rows skipped only for their
   * variables or opt-out that now pass are pending again. Page by page, in the caller's
   * transaction, so a failure leaves the audience as it was. Null for an empty audience.
   */
  async recheck(
    campaign: Campaign,
    account: AccountSecrets,
    components: readonly unknown[],
    tx: Executor,
  ): Promise<AudienceUpload['report'] | null> {
    const last = await this.campaigns.setAsideAudience(campaign.id, tx);
    if (last < 0) return null;
    const writer = await this.writer(campaign, account, components, tx);
    for (let after = -1; ;) {
      const page = await this.campaigns.audiencePage(campaign.id, after, last, 1000, tx);
      if (page.length === 0) break;
      await writer.add(
        page.map((r) => ({
          line: r.sourceLine ?? r.seq + 1,
          to: r.address,
          variables: r.variables,
        })),
      );
      after = page[page.length - 1]!.seq;
    }
    await this.campaigns.removeAudienceUpTo(campaign.id, last, tx);
    return reportOf(writer);
  }

  /** A writer of `campaign`'s audience in the caller's transaction. */
  async writer(
    campaign: Campaign,
    account: AccountSecrets,
    components: readonly unknown[],
    tx: Executor,
  ): Promise<AudienceWriter> {
    const marketing = campaign.templateCategory === 'MARKETING';
    return new AudienceWriter(
      campaign,
      templateVariableSlots(components),
      marketing
        ? (addresses) =>
            this.consent.optedOutAmong(
              campaign.organizationId,
              account.account.phoneNumberId,
              addresses,
            )
        : null,
      this.campaigns,
      tx,
      await this.campaigns.nextSeq(campaign.id, tx),
    );
  }
}

export function reportOf(writer: AudienceWriter): Omit<AudienceReportDto, 'campaign' | 'mapping'> {
  const { report } = writer;
  return {
    rows: report.rows,
    added: report.added,
    skipped: { ...report.skipped },
    // Duplicates are found after the other checks of a batch: the report reads in line order.
    problems: [...report.problems].sort((a, b) => a.line - b.line),
  };
}

/** A contact's attributes as variable values: an attribute named like the key or the placeholder. */
function fromAttributes(
  keys: readonly { key: string; name: string }[],
  attributes: Record<string, string>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { key, name } of keys) {
    const value = attributes[key] ?? attributes[name];
    if (value) values[key] = value;
  }
  return values;
}
