import {
  type HeaderMedia,
  templateComponents,
  templateMediaHeader,
  templateVariableSlots,
} from '@convis/contracts';
import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { type AccountSecrets, AccountsService } from '../accounts/accounts.service.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { csvLine } from '../common/csv/csv-writing.js';
import { ValidationException } from '../common/errors/validation.exception.js';
import { type Executor } from '../database/database.js';
import { SendMessageService } from '../messages/send/send-message.service.js';
import { type SendResult } from '../messages/send/send-result.js';
import { TemplateCatalog } from '../templates/template-catalog.service.js';
import { type MessageTemplate } from '../templates/templates.schema.js';
import { effectiveRate, toCampaignDto, toRecipientDto } from './campaign-mapper.js';
import { accountOf, CampaignLookups, campaignOf, campaignWithAccount } from './campaign-lookups.js';
import {
  type AudienceUpload,
  CampaignAudience,
  reportOf,
} from './audience/campaign-audience.service.js';
import { CampaignsRepository, type RecipientCounts } from './campaigns.repository.js';
import { type Campaign, type NewCampaign } from './campaigns.schema.js';
import {
  type AddAudienceDto,
  type BulkSendDto,
  type CreateCampaignDto,
  type LaunchCampaignDto,
  type ListCampaignsQueryDto,
  type ListRecipientsQueryDto,
  type TestSendDto,
  type UpdateCampaignDto,
} from './dto/campaign-request.dto.js';
import {
  type AudienceReportDto,
  type BulkSendAcceptedDto,
  type CampaignEstimateDto,
  type CampaignDto,
  type CampaignPageDto,
  type CampaignTimelineDto,
  type CreatedCampaignDto,
  type RecipientPageDto,
  type UpdatedCampaignDto,
} from './dto/campaign-response.dto.js';
import { CampaignProgress } from './campaign-progress.service.js';
import { CampaignEstimator } from './estimate/campaign-estimator.service.js';
import { CampaignSender } from './sending/campaign-sender.service.js';
import { encodeCursor, decodeCursor } from '../messages/history/query-fields.js';

/** How long Meta-limited recipients (131049) are tried again after launch. */
const LIMITED_DEADLINE_MS = 72 * 3600 * 1000;
/**
 * Campaigns for the API: drafts (their audience is CampaignAudience's), launch now or at a
 * time, pause, resume, cancel, and the per-recipient report. Sending itself is CampaignSender's,
 * on the job queue; what Meta says afterwards, CampaignStatusFollower's.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly accounts: AccountsService,
    private readonly templates: TemplateCatalog,
    private readonly sendMessages: SendMessageService,
    private readonly sender: CampaignSender,
    private readonly progress: CampaignProgress,
    private readonly estimator: CampaignEstimator,
    private readonly audience: CampaignAudience,
  ) {}

  /** Adds JSON rows, a tag's contacts or an earlier campaign's recipients to a draft. */
  async addAudience(
    caller: AuthenticatedUser,
    id: string,
    dto: AddAudienceDto,
  ): Promise<AudienceReportDto> {
    return this.withCampaign(await this.audience.addRows(caller, id, dto));
  }

  /** A CSV audience for a draft (see CampaignAudience.addCsv). */
  async addCsv(
    caller: AuthenticatedUser,
    id: string,
    request: FastifyRequest,
  ): Promise<AudienceReportDto> {
    return this.withCampaign(await this.audience.addCsv(caller, id, request));
  }

  private async withCampaign({
    report,
    mapping,
    campaign,
  }: AudienceUpload): Promise<AudienceReportDto> {
    return { ...report, mapping, campaign: await this.toDto(campaign) };
  }

  async create(caller: AuthenticatedUser, dto: CreateCampaignDto): Promise<CreatedCampaignDto> {
    const account = await accountOf(this.accounts, caller, dto.account_id);
    const template = await this.sendableTemplate(
      caller,
      account,
      dto.template_name,
      dto.template_language ?? 'en_US',
      dto.header_media,
    );
    unknownVariables(template.components, dto.variables ?? {});
    return this.campaigns.transaction(async (tx) => {
      const campaign = await this.campaigns.insert(
        {
          organizationId: caller.organizationId,
          accountId: account.account.id,
          name: dto.name,
          templateName: template.name,
          templateLanguage: template.language,
          templateCategory: template.category,
          variables: dto.variables ?? {},
          headerMedia: dto.header_media ? { ...dto.header_media } : null,
          ratePerSecond: dto.rate_per_second ?? null,
          createdByUserId: caller.id,
        },
        tx,
      );
      let audience: CreatedCampaignDto['audience'] = null;
      if (dto.recipients?.length) {
        const writer = await this.audience.writer(campaign, account, template.components, tx);
        await writer.add(
          dto.recipients.map((r, i) => ({ line: i + 1, to: r.to, variables: r.variables ?? {} })),
        );
        audience = { ...reportOf(writer), mapping: {} };
      }
      return { ...(await this.toDto(campaign, tx)), audience };
    });
  }

  /**
   * Changes a draft's settings. A new account, template or default values check the audience
   * again (see CampaignAudience.recheck), in the same transaction as the change, so the counts
   * and the report stay true; the answer carries that report.
   */
  async update(
    caller: AuthenticatedUser,
    id: string,
    dto: UpdateCampaignDto,
  ): Promise<UpdatedCampaignDto> {
    const current = draftOnly(await campaignOf(this.campaigns, caller, id));
    // What is sent and from where: these need the template, checked as on create.
    const sendSettings =
      dto.account_id !== undefined ||
      dto.template_name !== undefined ||
      dto.template_language !== undefined ||
      dto.variables !== undefined ||
      dto.header_media !== undefined;
    const changes: Partial<NewCampaign> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.rate_per_second !== undefined) changes.ratePerSecond = dto.rate_per_second;
    let recheck: { account: AccountSecrets; components: readonly unknown[] } | null = null;
    if (sendSettings) {
      const accountId = dto.account_id ?? current.accountId;
      if (!accountId)
        throw new ValidationException([
          {
            field: 'account_id',
            messages: ['The campaign’s account was disconnected: choose another account'],
          },
        ]);
      const account = await accountOf(this.accounts, caller, accountId);
      const headerMedia = dto.header_media ?? current.headerMedia;
      const template = await this.sendableTemplate(
        caller,
        account,
        dto.template_name ?? current.templateName,
        dto.template_language ?? current.templateLanguage,
        headerMedia,
      );
      const keys = new Set(templateVariableSlots(template.components).map((v) => v.key));
      if (dto.variables) unknownVariables(template.components, dto.variables);
      // Values the new template has no place for are dropped, not refused: they were right once.
      const variables = Object.fromEntries(
        Object.entries(dto.variables ?? current.variables).filter(([key]) => keys.has(key)),
      );
      Object.assign(changes, {
        accountId: account.account.id,
        templateName: template.name,
        templateLanguage: template.language,
        templateCategory: template.category,
        variables,
        headerMedia:
          templateMediaHeader(template.components) && headerMedia ? { ...headerMedia } : null,
      } satisfies Partial<NewCampaign>);
      const audienceChanges =
        account.account.id !== current.accountId ||
        template.name !== current.templateName ||
        template.language !== current.templateLanguage ||
        template.category !== current.templateCategory ||
        !sameValues(variables, current.variables);
      if (audienceChanges) recheck = { account, components: template.components };
    }
    return this.campaigns.transaction(async (tx) => {
      // Locked, so a launch or an upload waits for the edit (and the other way round).
      const locked = await this.campaigns.findForUpdate(caller.organizationId, id, tx);
      if (!locked) throw new NotFoundException('No such campaign in your organization.');
      draftOnly(locked);
      const updated = Object.keys(changes).length
        ? await this.campaigns.update(caller.organizationId, id, changes, tx)
        : locked;
      const report = recheck
        ? await this.audience.recheck(updated!, recheck.account, recheck.components, tx)
        : null;
      return {
        ...(await this.toDto(updated!, tx)),
        audience: report ? { ...report, mapping: {} } : null,
      };
    });
  }

  /** Creates and launches a campaign in one call (the seed's bulk send). */
  async bulkSend(caller: AuthenticatedUser, dto: BulkSendDto): Promise<BulkSendAcceptedDto> {
    const created = await this.create(caller, {
      ...dto,
      name: dto.name ?? `Bulk send ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    });
    if (!created.audience?.added)
      throw new UnprocessableEntityException({
        message: 'None of the recipients can be sent to: see the report.',
        extensions: { campaign_id: created.id, audience: created.audience },
      });
    await this.launch(caller, created.id, {});
    return { campaign_id: created.id, audience: created.audience };
  }

  async list(caller: AuthenticatedUser, query: ListCampaignsQueryDto): Promise<CampaignPageDto> {
    const rows = await this.campaigns.list(
      caller.organizationId,
      { states: query.state },
      { limit: query.limit, after: query.cursor ? decodeCursor(query.cursor) : undefined },
    );
    const more = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: await this.toDtos(page),
      next_cursor: more && last ? encodeCursor(last.position) : null,
    };
  }

  async get(caller: AuthenticatedUser, id: string): Promise<CampaignDto> {
    return this.toDto(await campaignOf(this.campaigns, caller, id));
  }

  async remove(caller: AuthenticatedUser, id: string): Promise<void> {
    const campaign = await campaignOf(this.campaigns, caller, id);
    if (
      campaign.state !== 'draft' &&
      campaign.state !== 'completed' &&
      campaign.state !== 'cancelled'
    )
      throw new ConflictException(`The campaign is ${campaign.state}: cancel it first.`);
    await this.campaigns.delete(caller.organizationId, id);
  }

  async launch(
    caller: AuthenticatedUser,
    id: string,
    dto: LaunchCampaignDto,
  ): Promise<CampaignDto> {
    const campaign = await campaignOf(this.campaigns, caller, id);
    const counts = await this.campaigns.counts(id);
    if (!counts.pending)
      throw new UnprocessableEntityException(
        'The campaign has no recipients to send to: add an audience first.',
      );
    const sendAt = dto.send_at ? instantOf(dto.send_at, dto.time_zone) : null;
    if (sendAt && sendAt.getTime() < Date.now() - 60_000)
      throw new ValidationException([{ field: 'send_at', messages: ['send_at is in the past'] }]);
    const later = sendAt && sendAt.getTime() > Date.now() + 1000;
    const now = new Date();
    const launched = await this.campaigns.transition(
      caller.organizationId,
      id,
      ['draft'],
      later ? 'scheduled' : 'running',
      {
        launchedAt: now,
        startedAt: later ? null : now,
        sendAt: sendAt ?? null,
        timeZone: dto.time_zone ?? null,
        limitedDeadline: new Date((sendAt ?? now).getTime() + LIMITED_DEADLINE_MS),
      },
    );
    if (!launched)
      throw new ConflictException(
        `The campaign is ${campaign.state}: only a draft can be launched.`,
      );
    if (later) await this.sender.schedule(launched, sendAt);
    else await this.sender.kick(launched);
    this.progress.touch(caller.organizationId, id, true);
    return this.toDto(launched);
  }

  async pause(caller: AuthenticatedUser, id: string): Promise<CampaignDto> {
    const paused = await this.campaigns.transition(
      caller.organizationId,
      id,
      ['running', 'scheduled'],
      'paused',
      {
        pausedBy: 'user',
        stateReason: 'Paused by a user.',
      },
    );
    if (!paused) throw await this.conflict(caller, id, 'paused');
    this.progress.touch(caller.organizationId, id, true);
    return this.toDto(paused);
  }

  async resume(caller: AuthenticatedUser, id: string): Promise<CampaignDto> {
    const campaign = await campaignOf(this.campaigns, caller, id);
    // Paused before its time came: it waits for that time again.
    const waits = !campaign.startedAt && campaign.sendAt && campaign.sendAt.getTime() > Date.now();
    const resumed = await this.campaigns.transition(
      caller.organizationId,
      id,
      ['paused'],
      waits ? 'scheduled' : 'running',
      {
        pausedBy: null,
        stateReason: null,
        startedAt: waits ? null : (campaign.startedAt ?? new Date()),
      },
    );
    if (!resumed) throw await this.conflict(caller, id, 'resumed');
    if (waits) await this.sender.schedule(resumed, campaign.sendAt!);
    else await this.sender.kick(resumed);
    this.progress.touch(caller.organizationId, id, true);
    return this.toDto(resumed);
  }

  async cancel(caller: AuthenticatedUser, id: string): Promise<CampaignDto> {
    const cancelled = await this.campaigns.transition(
      caller.organizationId,
      id,
      ['draft', 'scheduled', 'running', 'paused'],
      'cancelled',
      {
        finishedAt: new Date(),
        stateReason: 'Cancelled by a user.',
      },
    );
    if (!cancelled) throw await this.conflict(caller, id, 'cancelled');
    // Sends already with Meta finish; nobody claims the rest.
    await this.campaigns.settleAll(id, ['pending', 'limited'], 'cancelled');
    this.progress.touch(caller.organizationId, id, true);
    return this.toDto(cancelled);
  }

  async recipients(
    caller: AuthenticatedUser,
    id: string,
    query: ListRecipientsQueryDto,
  ): Promise<RecipientPageDto> {
    await campaignOf(this.campaigns, caller, id);
    const afterSeq = query.cursor ? Number(query.cursor.slice(1)) : undefined;
    const rows = await this.campaigns.recipients(
      id,
      { states: query.state },
      { limit: query.limit, afterSeq },
    );
    const more = rows.length > query.limit;
    const page = rows.slice(0, query.limit);
    return {
      items: page.map(toRecipientDto),
      next_cursor: more ? `r${page[page.length - 1]!.seq}` : null,
    };
  }

  /** Every recipient with its outcome, as CSV, streamed page by page. */
  async *exportRecipients(caller: AuthenticatedUser, id: string): AsyncGenerator<string> {
    await campaignOf(this.campaigns, caller, id);
    yield csvLine([
      'to',
      'state',
      'skip_reason',
      'error_code',
      'error',
      'message_id',
      'sent_at',
      'delivered_at',
      'read_at',
      'replied_at',
      'failed_at',
      'source_line',
    ]);
    let afterSeq: number | undefined;
    for (;;) {
      const rows = await this.campaigns.recipients(id, {}, { limit: 1000, afterSeq });
      for (const r of rows.slice(0, 1000)) {
        yield csvLine([
          r.address,
          r.state,
          r.skipReason,
          r.error?.code == null ? '' : String(r.error.code),
          r.error?.reason ?? null,
          r.messageId,
          r.sentAt?.toISOString() ?? null,
          r.deliveredAt?.toISOString() ?? null,
          r.readAt?.toISOString() ?? null,
          r.repliedAt?.toISOString() ?? null,
          r.failedAt?.toISOString() ?? null,
          r.sourceLine == null ? null : String(r.sourceLine),
        ]);
      }
      if (rows.length <= 1000) return;
      afterSeq = rows[999]!.seq;
    }
  }

  /** An `unknown` recipient sent again, because a person decided so. */
  async sendAgain(
    caller: AuthenticatedUser,
    id: string,
    recipientId: string,
  ): Promise<CampaignDto> {
    const campaign = await campaignOf(this.campaigns, caller, id);
    const recipient = await this.campaigns.findRecipient(id, recipientId);
    if (!recipient) throw new NotFoundException('No such recipient in this campaign.');
    if (recipient.state !== 'unknown' && recipient.state !== 'failed')
      throw new ConflictException(
        `The recipient is ${recipient.state}: only unknown or failed recipients are sent again.`,
      );
    await this.campaigns.settle(recipient.id, recipient.messageId, 'pending', { error: null });
    if (campaign.state === 'completed') {
      await this.campaigns.transition(caller.organizationId, id, ['completed'], 'running', {
        finishedAt: null,
      });
    }
    const current = await campaignOf(this.campaigns, caller, id);
    if (current.state === 'running') await this.sender.kick(current);
    this.progress.touch(caller.organizationId, id, true);
    return this.toDto(current);
  }

  /** Before launch: recipients by calling code, the cost where a rate card prices it, the pacing time. */
  async estimate(caller: AuthenticatedUser, id: string): Promise<CampaignEstimateDto> {
    const campaign = await campaignOf(this.campaigns, caller, id);
    const account = campaign.accountId
      ? await this.accounts.find(campaign.organizationId, campaign.accountId)
      : undefined;
    return this.estimator.estimate(
      campaign,
      effectiveRate(campaign, account?.throughputLevel ?? null),
    );
  }

  /** Sends and failures per minute over the whole campaign (the detail page's chart). */
  async timeline(caller: AuthenticatedUser, id: string): Promise<CampaignTimelineDto> {
    await campaignOf(this.campaigns, caller, id);
    const minutes = await this.campaigns.perMinute(caller.organizationId, id);
    return {
      per_minute: minutes.map((m) => ({
        starts_at: m.minute.toISOString(),
        sent: m.sent,
        failed: m.failed,
      })),
    };
  }

  /** The campaign's template to one number, as a test: not counted in the campaign. */
  async testSend(caller: AuthenticatedUser, id: string, dto: TestSendDto): Promise<SendResult> {
    const { campaign, account, template } = await campaignWithAccount(this.lookups, caller, id);
    const values = { ...campaign.variables, ...(dto.variables ?? {}) };
    return this.sendMessages.send(caller, {
      account_id: account.account.id,
      to: dto.to,
      message_type: 'template',
      template_name: campaign.templateName,
      template_language: campaign.templateLanguage,
      template_components: templateComponents(
        template?.components ?? [],
        values,
        campaign.headerMedia,
      ),
    });
  }

  // ------------------------------------------------------------------ helpers

  /** The account's approved template, or a 400 naming the field that is wrong. */
  private async sendableTemplate(
    caller: AuthenticatedUser,
    account: AccountSecrets,
    name: string,
    language: string,
    headerMedia: HeaderMedia | null | undefined,
  ): Promise<MessageTemplate> {
    const template = await this.templates.find(
      {
        organizationId: caller.organizationId,
        wabaId: account.account.wabaId,
        accessToken: account.accessToken,
      },
      name,
      language,
    );
    if (!template)
      throw new ValidationException([
        {
          field: 'template_name',
          messages: [`There is no template "${name}" in ${language} for this account`],
        },
      ]);
    if (template.status !== 'APPROVED')
      throw new ValidationException([
        {
          field: 'template_name',
          messages: [
            `Template "${name}" is ${template.status}: only approved templates can be sent`,
          ],
        },
      ]);
    const media = templateMediaHeader(template.components);
    if (media && !headerMedia?.link && !headerMedia?.id)
      throw new ValidationException([
        {
          field: 'header_media',
          messages: [
            `The template has a ${media} header: give header_media.link or header_media.id`,
          ],
        },
      ]);
    return template;
  }

  private get lookups() {
    return { campaigns: this.campaigns, accounts: this.accounts, templates: this.templates };
  }

  private async toDto(campaign: Campaign, executor?: Executor): Promise<CampaignDto> {
    const counts = await this.campaigns.counts(campaign.id, executor);
    return this.describe(campaign, counts, new CampaignLookups(this.accounts, this.templates));
  }

  /** A page of campaigns: one count query for all, each account and template read once. */
  private async toDtos(campaigns: readonly Campaign[]): Promise<CampaignDto[]> {
    const counts = await this.campaigns.countsOf(campaigns.map((c) => c.id));
    const lookups = new CampaignLookups(this.accounts, this.templates);
    return Promise.all(campaigns.map((c) => this.describe(c, counts.get(c.id) ?? {}, lookups)));
  }

  private async describe(
    campaign: Campaign,
    counts: RecipientCounts,
    lookups: CampaignLookups,
  ): Promise<CampaignDto> {
    // A read: the account's row will do, its token stays encrypted.
    const account = campaign.accountId
      ? await lookups.account(campaign.organizationId, campaign.accountId)
      : undefined;
    const template = account
      ? await lookups.template(
          campaign.organizationId,
          account.wabaId,
          campaign.templateName,
          campaign.templateLanguage,
        )
      : undefined;
    return toCampaignDto(campaign, counts, template ?? null, account?.throughputLevel ?? null);
  }

  private async conflict(
    caller: AuthenticatedUser,
    id: string,
    verb: string,
  ): Promise<ConflictException> {
    const campaign = await campaignOf(this.campaigns, caller, id);
    return new ConflictException(`The campaign is ${campaign.state}: it cannot be ${verb}.`);
  }
}

/** The campaign, if it is a draft; a 409 that says so otherwise. */
function draftOnly(campaign: Campaign): Campaign {
  if (campaign.state !== 'draft')
    throw new ConflictException(`The campaign is ${campaign.state}: only a draft can be edited.`);
  return campaign;
}

function sameValues(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** A 400 on `variables` naming the keys the template does not have. */
function unknownVariables(components: readonly unknown[], variables: Record<string, string>): void {
  const keys = new Set(templateVariableSlots(components).map((v) => v.key));
  const unknown = Object.keys(variables).filter((k) => !keys.has(k));
  if (unknown.length)
    throw new ValidationException([
      {
        field: 'variables',
        messages: [
          `The template has no ${unknown.join(', ')}; its variables are ${[...keys].join(', ') || 'none'}`,
        ],
      },
    ]);
}

/** `send_at` as an instant: with an offset as written, without one in `timeZone` (UTC by default). */
export function instantOf(sendAt: string, timeZone?: string): Date {
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(sendAt) || !timeZone)
    return new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(sendAt) ? sendAt : `${sendAt}Z`);
  // The wall-clock time in the zone: find the offset the zone had then (twice, for DST edges).
  const asUtc = new Date(`${sendAt}Z`).getTime();
  const offsetAt = (t: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(t));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return (
      Date.UTC(
        get('year'),
        get('month') - 1,
        get('day'),
        get('hour'),
        get('minute'),
        get('second'),
      ) - t
    );
  };
  const first = asUtc - offsetAt(asUtc);
  return new Date(asUtc - offsetAt(first));
}
