import { BadGatewayException, Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { type Executor } from '../database/database.js';
import { EventsService } from '../events/events.service.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { type MessageTemplate } from './templates.schema.js';
import { GraphApiError } from '../whatsapp/graph-api.error.js';
import {
  type ListTemplatesQueryDto,
  type SyncTemplatesResponseDto,
  type TemplateResponseDto,
} from './dto/template-response.dto.js';
import { TemplateCatalog } from './template-catalog.service.js';
import { TemplatesRepository } from './templates.repository.js';

@Injectable()
export class TemplatesService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly catalog: TemplateCatalog,
    private readonly templates: TemplatesRepository,
    private readonly events: EventsService,
  ) {}

  /**
   * A review or status change Meta reported for a template (`message_template_status_update`),
   * applied to the organization's local copy, with a `template.changed` live event per template
   * changed, in the caller's transaction. Returns how many were changed (0: never synced).
   */
  async applyStatusUpdate(
    organizationId: string,
    wabaId: string,
    metaTemplateId: string,
    update: {
      /** Meta's event (APPROVED, REJECTED, FLAGGED, PAUSED, ...). */
      readonly event: string;
      /** The new status; absent when the event leaves it as it is (FLAGGED). */
      readonly status?: string;
      readonly statusReason: string | null;
    },
    executor: Executor,
  ): Promise<number> {
    const rows = await this.templates.updateStatus(
      organizationId,
      wabaId,
      metaTemplateId,
      { ...(update.status ? { status: update.status } : {}), statusReason: update.statusReason },
      executor,
    );
    for (const row of rows) {
      await this.events.publish(
        {
          type: 'template.changed',
          organizationId,
          data: {
            template_id: row.id,
            meta_template_id: row.metaTemplateId,
            name: row.name,
            language: row.language,
            status: row.status,
            event: update.event,
            reason: row.statusReason,
          },
        },
        executor,
      );
    }
    return rows.length;
  }

  async list(
    caller: AuthenticatedUser,
    query: ListTemplatesQueryDto,
  ): Promise<TemplateResponseDto[]> {
    const account = await this.account(caller, query.account_id);
    let rows = await this.templates.listForAccount(caller.organizationId, account.wabaId);
    if (rows.length === 0) {
      await this.syncOrFail(account);
      rows = await this.templates.listForAccount(caller.organizationId, account.wabaId);
    }
    return rows.filter((row) => !query.status || row.status === query.status).map(toResponse);
  }

  async sync(caller: AuthenticatedUser, accountId: string): Promise<SyncTemplatesResponseDto> {
    return { synced: await this.syncOrFail(await this.account(caller, accountId)) };
  }

  private async account(caller: AuthenticatedUser, accountId: string) {
    const secrets = await this.accounts.secrets(caller.organizationId, accountId);
    return {
      organizationId: caller.organizationId,
      wabaId: secrets.account.wabaId,
      accessToken: secrets.accessToken,
    };
  }

  private async syncOrFail(account: {
    organizationId: string;
    wabaId: string;
    accessToken: string;
  }): Promise<number> {
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

function toResponse(row: MessageTemplate): TemplateResponseDto {
  return {
    id: row.id,
    meta_template_id: row.metaTemplateId,
    name: row.name,
    language: row.language,
    category: row.category,
    status: row.status,
    components: row.components,
    status_reason: row.statusReason,
    synced_at: row.syncedAt.toISOString(),
  };
}
