import {
  checkTemplateDraft,
  explainTemplateReason,
  TEMPLATE_EDIT_LIMITS,
  templateEditAllowance,
  templateSampleFormat,
  templateSampleProblem,
  templateSpec,
  type TemplateDraft,
  type TemplateIssue,
} from '@convis/contracts';
import {
  BadGatewayException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type FastifyRequest } from 'fastify';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { type FieldErrorDto } from '../common/errors/error-response.dto.js';
import { ValidationException } from '../common/errors/validation.exception.js';
import { type Executor } from '../database/database.js';
import { EventsService } from '../events/events.service.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { MediaService } from '../media/media.service.js';
import { type MessageTemplate } from './templates.schema.js';
import { GraphApiError } from '../whatsapp/graph-api.error.js';
import { WhatsAppService } from '../whatsapp/whatsapp.service.js';
import { type TemplateComponent } from '../whatsapp/graph-api.types.js';
import {
  type CreateTemplateDto,
  type TemplateContentDto,
  type UpdateTemplateDto,
} from './dto/template-draft.dto.js';
import {
  type DeletedTemplatesResponseDto,
  type ListTemplatesQueryDto,
  type SyncTemplatesResponseDto,
  type TemplateResponseDto,
  type UploadedTemplateMediaDto,
} from './dto/template-response.dto.js';
import { TemplateCatalog } from './template-catalog.service.js';
import { TemplatesRepository } from './templates.repository.js';

/** An account's business account with what calling Meta for it needs. */
interface BusinessAccount {
  readonly organizationId: string;
  readonly accountId: string;
  readonly wabaId: string;
  readonly accessToken: string;
  readonly appId: string | null;
}

/** A change Meta reported for a template by webhook. */
export type TemplateMetaChange =
  | {
      readonly kind: 'status';
      /** Meta's event (APPROVED, REJECTED, FLAGGED, PAUSED, ...). */
      readonly event: string;
      /** The new status; absent when the event leaves it as it is (FLAGGED). */
      readonly status?: string;
      readonly statusReason: string | null;
    }
  | { readonly kind: 'quality'; readonly qualityRating: string }
  | {
      readonly kind: 'category';
      /** Completed: the new category. Announced: the one it will get, and when. */
      readonly category: string;
      readonly impending: boolean;
      readonly effectiveAt: Date | null;
    };

const DAY_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class TemplatesService {
  private readonly logger = new Logger(TemplatesService.name);

  constructor(
    private readonly accounts: AccountsService,
    private readonly catalog: TemplateCatalog,
    private readonly templates: TemplatesRepository,
    private readonly events: EventsService,
    private readonly whatsapp: WhatsAppService,
    private readonly modules: ModuleRef,
  ) {}

  /**
   * The media feature, looked up when a stored file becomes a sample: media depends on messages,
   * which depends on templates, so templates cannot import the media module.
   */
  private get media(): MediaService {
    return this.modules.get(MediaService, { strict: false });
  }

  // ------------------------------------------------------------ webhooks

  /**
   * A review or status change Meta reported for a template (`message_template_status_update`),
   * applied to the organization's local copy. Returns how many were changed (0: never synced).
   */
  applyStatusUpdate(
    organizationId: string,
    wabaId: string,
    metaTemplateId: string,
    update: {
      readonly event: string;
      readonly status?: string;
      readonly statusReason: string | null;
    },
    executor: Executor,
  ): Promise<number> {
    return this.applyMetaChange(
      organizationId,
      wabaId,
      metaTemplateId,
      { kind: 'status', ...update },
      executor,
    );
  }

  /**
   * A change Meta reported by webhook (status, quality score, category), applied to the
   * organization's copy with a `template.changed` live event per template changed, in the
   * caller's transaction. Returns how many were changed (0: never synced).
   */
  async applyMetaChange(
    organizationId: string,
    wabaId: string,
    metaTemplateId: string,
    change: TemplateMetaChange,
    executor: Executor,
  ): Promise<number> {
    let event: string;
    let rows: MessageTemplate[];
    switch (change.kind) {
      case 'status':
        event = change.event;
        rows = await this.templates.applyMetaChange(
          organizationId,
          wabaId,
          metaTemplateId,
          {
            ...(change.status ? { status: change.status } : {}),
            statusReason: change.statusReason,
          },
          executor,
        );
        break;
      case 'quality':
        event = 'QUALITY_CHANGED';
        rows = await this.templates.applyMetaChange(
          organizationId,
          wabaId,
          metaTemplateId,
          { qualityRating: change.qualityRating },
          executor,
        );
        break;
      case 'category':
        event = change.impending ? 'CATEGORY_CHANGE_ANNOUNCED' : 'CATEGORY_CHANGED';
        rows = change.impending
          ? await this.templates.applyMetaChange(
              organizationId,
              wabaId,
              metaTemplateId,
              { upcomingCategory: change.category, upcomingCategoryAt: change.effectiveAt },
              executor,
            )
          : await this.changeCategory(organizationId, wabaId, metaTemplateId, change, executor);
        break;
    }
    for (const row of rows) await this.publishChange(row, event, executor);
    return rows.length;
  }

  private async changeCategory(
    organizationId: string,
    wabaId: string,
    metaTemplateId: string,
    change: { readonly category: string },
    executor: Executor,
  ): Promise<MessageTemplate[]> {
    const before = await this.templates.applyMetaChange(
      organizationId,
      wabaId,
      metaTemplateId,
      {},
      executor,
    );
    const changed: MessageTemplate[] = [];
    for (const row of before) {
      const updated = await this.templates.update(
        organizationId,
        row.id,
        {
          previousCategory: row.category === change.category ? row.previousCategory : row.category,
          category: change.category,
          upcomingCategory: null,
          upcomingCategoryAt: null,
        },
        executor,
      );
      if (updated) changed.push(updated);
    }
    return changed;
  }

  private publishChange(row: MessageTemplate, event: string, executor?: Executor): Promise<void> {
    return this.events.publish(
      {
        type: 'template.changed',
        organizationId: row.organizationId,
        data: {
          template_id: row.id,
          meta_template_id: row.metaTemplateId,
          name: row.name,
          language: row.language,
          status: row.status,
          event,
          reason: row.statusReason,
          category: row.category,
          quality_rating: row.qualityRating,
        },
      },
      executor,
    );
  }

  // ------------------------------------------------------------ reading

  async list(
    caller: AuthenticatedUser,
    query: ListTemplatesQueryDto,
  ): Promise<TemplateResponseDto[]> {
    const account = await this.account(caller, query.account_id);
    // The first look at an account's templates copies them from Meta.
    if (!(await this.templates.hasAny(caller.organizationId, account.wabaId))) {
      await this.syncOrFail(account);
    }
    const rows = await this.templates.listForAccount(caller.organizationId, account.wabaId, {
      ...(query.status ? { status: query.status } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(query.language ? { language: query.language } : {}),
      ...(query.q ? { q: query.q } : {}),
    });
    return rows.map((row) => toResponse(row));
  }

  async get(caller: AuthenticatedUser, id: string): Promise<TemplateResponseDto> {
    return toResponse(await this.findOrThrow(caller.organizationId, id));
  }

  async sync(caller: AuthenticatedUser, accountId: string): Promise<SyncTemplatesResponseDto> {
    return { synced: await this.syncOrFail(await this.account(caller, accountId)) };
  }

  // ------------------------------------------------------------ changing

  /**
   * Creates a template at Meta after checking it with Meta's rules (`checkTemplateDraft`, the
   * builder's own check): 400 naming each field that breaks one. A media header's sample is
   * uploaded through the Resumable Upload API first, when it is one of our stored files.
   */
  async create(caller: AuthenticatedUser, dto: CreateTemplateDto): Promise<TemplateResponseDto> {
    const account = await this.account(caller, dto.account_id, 'account_id');
    const draft = await this.draftOf(account, dto, {
      name: dto.name,
      language: dto.language,
      category: dto.category,
    });
    const spec = templateSpec(draft);
    let created: { id: string; status: string; category: string };
    try {
      created = await this.whatsapp.createTemplate(account.accessToken, account.wabaId, {
        ...spec,
        components: spec.components as TemplateComponent[],
      });
    } catch (error) {
      throw metaRefusal(error, 'Meta did not create the template');
    }
    const [row] = await this.templates.upsertMany([
      {
        organizationId: account.organizationId,
        wabaId: account.wabaId,
        metaTemplateId: created.id,
        name: spec.name,
        language: spec.language,
        category: created.category || spec.category,
        status: created.status || 'PENDING',
        components: spec.components as TemplateComponent[],
        statusReason: null,
        approvedEdits: [],
        lastMetaUpdateAt: new Date(),
      },
    ]);
    if (!row) throw new BadGatewayException('The template was created at Meta but not stored.');
    await this.publishChange(row, 'CREATED');
    this.logger.log(
      { organization_id: caller.organizationId, template_id: row.id, meta_template_id: created.id },
      'Template created',
    );
    return toResponse(row);
  }

  /**
   * Replaces a template's content at Meta (it goes back to review). Meta's edit rules are
   * checked first, so the answer says what is left: only approved, rejected or paused
   * templates; an approved one 10 times in 30 days and once in 24 hours (422 otherwise).
   */
  async update(
    caller: AuthenticatedUser,
    id: string,
    dto: UpdateTemplateDto,
  ): Promise<TemplateResponseDto> {
    const row = await this.findOrThrow(caller.organizationId, id);
    const allowance = templateEditAllowance(row.status, row.approvedEdits);
    if (!allowance.editable) {
      throw new UnprocessableEntityException({
        message: allowance.reason ?? 'Meta does not allow an edit of this template now.',
        extensions: {
          edit: {
            allowed: false,
            reason: allowance.reason,
            remaining_count: allowance.remaining,
            next_edit_at: allowance.next_edit_at,
          },
        },
      });
    }
    const account = await this.accountOfTemplate(row);
    const draft = await this.draftOf(account, dto, {
      name: row.name,
      language: row.language,
      category: row.category,
    });
    const spec = templateSpec(draft);
    try {
      await this.whatsapp.editTemplate(account.accessToken, row.metaTemplateId, {
        components: spec.components as TemplateComponent[],
        ...(spec.parameter_format ? { parameter_format: spec.parameter_format } : {}),
      });
    } catch (error) {
      throw metaRefusal(error, 'Meta did not accept the edit');
    }
    const updated = await this.templates.update(caller.organizationId, row.id, {
      components: spec.components as TemplateComponent[],
      status: 'PENDING',
      statusReason: null,
      approvedEdits:
        row.status === 'APPROVED'
          ? [...recentEdits(row.approvedEdits), new Date().toISOString()]
          : row.approvedEdits,
      lastMetaUpdateAt: new Date(),
    });
    if (!updated) throw notFound();
    await this.publishChange(updated, 'EDITED');
    return toResponse(updated);
  }

  /**
   * Deletes a template at Meta: its language only (`hsm_id`), or every language of its name.
   * Meta keeps the name for 30 days: the answer says from when it can be used again.
   */
  async remove(
    caller: AuthenticatedUser,
    id: string,
    scope: 'language' | 'all',
  ): Promise<DeletedTemplatesResponseDto> {
    const row = await this.findOrThrow(caller.organizationId, id);
    const account = await this.accountOfTemplate(row);
    try {
      await this.whatsapp.deleteTemplate(
        account.accessToken,
        account.wabaId,
        row.name,
        scope === 'all' ? undefined : row.metaTemplateId,
      );
    } catch (error) {
      throw metaRefusal(error, 'Meta did not delete the template');
    }
    const gone =
      scope === 'all'
        ? await this.templates.listByName(caller.organizationId, row.wabaId, row.name)
        : [row];
    await this.templates.deleteByIds(
      caller.organizationId,
      gone.map((t) => t.id),
    );
    for (const template of gone) {
      await this.publishChange({ ...template, status: 'DELETED' }, 'DELETED');
    }
    return {
      name: row.name,
      languages: gone.map((t) => t.language),
      deleted_count: gone.length,
      name_reusable_at: new Date(
        Date.now() + TEMPLATE_EDIT_LIMITS.nameReuseDays * DAY_MS,
      ).toISOString(),
    };
  }

  /**
   * A header sample uploaded through Meta's Resumable Upload API (multipart: `account_id`,
   * `file`): the handle goes into `header.handle`.
   */
  async uploadSample(
    caller: AuthenticatedUser,
    request: FastifyRequest,
  ): Promise<UploadedTemplateMediaDto> {
    if (!request.isMultipart()) {
      throw new ValidationException([
        { field: 'file', messages: ['Send multipart/form-data with account_id and file'] },
      ]);
    }
    let accountId: string | undefined;
    let file: { data: Buffer; mimeType: string; filename: string } | undefined;
    try {
      for await (const part of request.parts({
        limits: { fileSize: 100 * 1024 * 1024, files: 1, fields: 5 },
      })) {
        if (part.type === 'field' && part.fieldname === 'account_id') {
          accountId = String(part.value);
        } else if (part.type === 'file' && part.fieldname === 'file') {
          const data = await part.toBuffer();
          if (part.file.truncated) {
            throw new HttpException(
              'The file is larger than 100 MB.',
              HttpStatus.PAYLOAD_TOO_LARGE,
            );
          }
          file = { data, mimeType: part.mimetype, filename: safeFilename(part.filename) };
        }
      }
    } catch (error) {
      throw brokenUpload(error);
    }
    const problems: FieldErrorDto[] = [];
    if (
      !accountId ||
      !/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(accountId)
    )
      problems.push({
        field: 'account_id',
        messages: ['account_id must be the UUID of a WhatsApp account'],
      });
    if (!file) problems.push({ field: 'file', messages: ['file is required'] });
    const problem = file && templateSampleProblem(file.mimeType, file.data.length);
    if (problem) problems.push({ field: 'file', messages: [problem] });
    if (problems.length > 0 || !file || !accountId) throw new ValidationException(problems);
    const account = await this.account(caller, accountId, 'account_id');
    const handle = await this.upload(account, file, 'file');
    return {
      handle,
      format: templateSampleFormat(file.mimeType) ?? 'DOCUMENT',
      mime_type: file.mimeType,
      size_bytes: file.data.length,
      filename: file.filename,
    };
  }

  // ------------------------------------------------------------ helpers

  /** The request as a draft, its media sample uploaded when needed, checked by Meta's rules. */
  private async draftOf(
    account: BusinessAccount,
    content: TemplateContentDto,
    identity: { name: string; language: string; category: string },
  ): Promise<TemplateDraft> {
    const header = content.header;
    let draft: TemplateDraft = {
      ...identity,
      header: header
        ? {
            format: header.format,
            ...(header.text !== undefined ? { text: header.text } : {}),
            ...(header.example !== undefined ? { example: header.example } : {}),
            ...(header.handle !== undefined ? { handle: header.handle } : {}),
          }
        : null,
      body: { text: content.body.text, examples: content.body.examples ?? {} },
      footer: content.footer ?? null,
      buttons: content.buttons ?? [],
    };
    // Every rule but the sample first, so a broken template costs no upload.
    const sampleNeeded = !!header && header.format !== 'TEXT' && !header.handle;
    const issues = checkTemplateDraft(
      sampleNeeded && header.media_file_id
        ? { ...draft, header: { format: header.format, handle: 'pending' } }
        : draft,
    );
    if (issues.length > 0) throw rulesBroken(issues);
    if (sampleNeeded && header.media_file_id) {
      const stored = await this.media.read(account.organizationId, header.media_file_id);
      const problem = templateSampleProblem(stored.mimeType, stored.data.length);
      if (problem || templateSampleFormat(stored.mimeType) !== header.format) {
        throw new ValidationException([
          {
            field: 'header.media_file_id',
            messages: [
              problem ?? `This file is ${stored.mimeType}: not a ${header.format.toLowerCase()}.`,
            ],
          },
        ]);
      }
      const handle = await this.upload(
        account,
        { data: stored.data, mimeType: stored.mimeType, filename: stored.filename ?? 'sample' },
        'header.media_file_id',
      );
      draft = { ...draft, header: { format: header.format, handle } };
    }
    return draft;
  }

  private async upload(
    account: BusinessAccount,
    file: { data: Buffer; mimeType: string; filename: string },
    field: string,
  ): Promise<string> {
    if (!account.appId) {
      throw new UnprocessableEntityException(
        `Templates with an image, video or document header need the Meta app id of the account: an admin sets it in Accounts > Edit > Meta app id (PATCH /api/whatsapp/accounts/${account.accountId} with app_id). It is in Meta's App Dashboard > App settings > Basic.`,
      );
    }
    try {
      return await this.whatsapp.uploadTemplateSample(account.accessToken, account.appId, file);
    } catch (error) {
      throw metaRefusal(error, `Meta did not take the sample (${field})`);
    }
  }

  private async findOrThrow(organizationId: string, id: string): Promise<MessageTemplate> {
    const row = await this.templates.findById(organizationId, id);
    if (!row) throw notFound();
    return row;
  }

  private async account(
    caller: AuthenticatedUser,
    accountId: string,
    field?: string,
  ): Promise<BusinessAccount> {
    try {
      const secrets = await this.accounts.secrets(caller.organizationId, accountId);
      return {
        organizationId: caller.organizationId,
        accountId,
        wabaId: secrets.account.wabaId,
        accessToken: secrets.accessToken,
        appId: secrets.account.appId,
      };
    } catch (error) {
      if (field && error instanceof NotFoundException) {
        throw new ValidationException([
          { field, messages: ['No such WhatsApp account in your organization'] },
        ]);
      }
      throw error;
    }
  }

  /** A connected account of the template's business account, in the template's organization. */
  private async accountOfTemplate(row: MessageTemplate): Promise<BusinessAccount> {
    const candidates = (await this.accounts.listByWaba(row.wabaId)).filter(
      (a) => a.organizationId === row.organizationId,
    );
    // The one with an app id first: media samples need it.
    const chosen = candidates.find((a) => a.appId) ?? candidates[0];
    if (!chosen) {
      throw new UnprocessableEntityException(
        'No account of this template’s WhatsApp Business Account is connected any more.',
      );
    }
    const secrets = await this.accounts.secrets(row.organizationId, chosen.id);
    return {
      organizationId: row.organizationId,
      accountId: chosen.id,
      wabaId: row.wabaId,
      accessToken: secrets.accessToken,
      appId: chosen.appId,
    };
  }

  private async syncOrFail(account: BusinessAccount): Promise<number> {
    try {
      return await this.catalog.sync(account);
    } catch (error) {
      if (!(error instanceof GraphApiError)) throw error;
      throw new BadGatewayException(
        `Templates could not be read from Meta. ${error.title}: ${error.explanation}`,
      );
    }
  }
}

/** Approved edits still inside Meta's 30-day window (older ones no longer count). */
function recentEdits(edits: readonly string[]): string[] {
  const since = Date.now() - TEMPLATE_EDIT_LIMITS.windowDays * DAY_MS;
  return edits.filter((at) => new Date(at).getTime() > since);
}

/** Meta's rules broken by a draft: 400 with each field and its reasons. */
function rulesBroken(issues: readonly TemplateIssue[]): ValidationException {
  const byField = new Map<string, string[]>();
  for (const issue of issues)
    byField.set(issue.field, [...(byField.get(issue.field) ?? []), issue.reason]);
  return new ValidationException([...byField].map(([field, messages]) => ({ field, messages })));
}

/**
 * Meta refused or failed: 422 with Meta's own words for people when it refused (4xx), 502 when
 * it could not be reached or failed itself. Anything else is rethrown.
 */
function metaRefusal(error: unknown, what: string): HttpException {
  if (!(error instanceof GraphApiError)) throw error;
  const words = [error.userTitle, error.userMessage].filter(Boolean).join(': ');
  const refused = error.httpStatus >= 400 && error.httpStatus < 500;
  return new HttpException(
    {
      message: `${what}. ${words || `${error.title}: ${error.explanation}`}`.trim(),
      extensions: {
        meta_error: {
          ...error.toJSON(),
          user_title: error.userTitle ?? null,
          user_message: error.userMessage ?? null,
        },
      },
    },
    refused ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.BAD_GATEWAY,
  );
}

function notFound(): NotFoundException {
  return new NotFoundException('No such template in your organization.');
}

function toResponse(row: MessageTemplate): TemplateResponseDto {
  const allowance = templateEditAllowance(row.status, row.approvedEdits);
  const reasonCode = row.statusReason?.split(':')[0]?.trim() ?? null;
  return {
    id: row.id,
    meta_template_id: row.metaTemplateId,
    name: row.name,
    language: row.language,
    category: row.category,
    status: row.status,
    quality_rating: row.qualityRating,
    components: row.components,
    status_reason: row.statusReason,
    status_reason_text: explainTemplateReason(reasonCode),
    previous_category: row.previousCategory,
    upcoming_category: row.upcomingCategory,
    upcoming_category_at: row.upcomingCategoryAt?.toISOString() ?? null,
    edit: {
      allowed: allowance.editable,
      reason: allowance.reason,
      remaining_count: allowance.remaining,
      next_edit_at: allowance.next_edit_at,
    },
    synced_at: row.syncedAt.toISOString(),
    updated_at: (row.lastMetaUpdateAt ?? row.updatedAt).toISOString(),
  };
}

/** A name safe to show and to send on: no paths, no control characters. */
function safeFilename(name: string | undefined): string {
  const base = (name ?? 'file').split(/[\\/]/).pop() ?? 'file';
  return base.replace(/[\p{Cc}"]/gu, '').slice(0, 200) || 'file';
}

/** A failure while reading the upload: our refusals as they are, the parser's as 400/413. */
function brokenUpload(error: unknown): HttpException {
  if (error instanceof HttpException) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
    return new HttpException((error as Error).message, HttpStatus.PAYLOAD_TOO_LARGE);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ValidationException([
    {
      field: 'file',
      messages: [`The upload is not a complete multipart/form-data body (${reason}).`],
    },
  ]);
}
