import { NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { type AccountSecrets, type AccountsService } from '../accounts/accounts.service.js';
import { type AuthenticatedUser } from '../auth/authenticated-user.js';
import { ValidationException } from '../common/errors/validation.exception.js';
import { type WhatsAppAccount } from '../accounts/accounts.schema.js';
import { type TemplateCatalog } from '../templates/template-catalog.service.js';
import { type MessageTemplate } from '../templates/templates.schema.js';
import { type CampaignsRepository } from './campaigns.repository.js';
import { type Campaign } from './campaigns.schema.js';

/** The caller's campaign, or 404. */
export async function campaignOf(
  campaigns: CampaignsRepository,
  caller: AuthenticatedUser,
  id: string,
): Promise<Campaign> {
  const campaign = await campaigns.find(caller.organizationId, id);
  if (!campaign) throw new NotFoundException('No such campaign in your organization.');
  return campaign;
}

/** The caller's campaign with its account (token included) and its template's local copy. */
export async function campaignWithAccount(
  lookups: {
    readonly campaigns: CampaignsRepository;
    readonly accounts: AccountsService;
    readonly templates: TemplateCatalog;
  },
  caller: AuthenticatedUser,
  id: string,
): Promise<{ campaign: Campaign; account: AccountSecrets; template: MessageTemplate | undefined }> {
  const campaign = await campaignOf(lookups.campaigns, caller, id);
  if (!campaign.accountId)
    throw new UnprocessableEntityException('The campaign’s account was disconnected.');
  const account = await accountOf(lookups.accounts, caller, campaign.accountId);
  const template = await lookups.templates.stored(
    caller.organizationId,
    account.account.wabaId,
    campaign.templateName,
    campaign.templateLanguage,
  );
  return { campaign, account, template };
}

/** The caller's account with its token, or a 400 on `account_id`. */
export function accountOf(
  accounts: AccountsService,
  caller: AuthenticatedUser,
  accountId: string,
): Promise<AccountSecrets> {
  return accounts.secrets(caller.organizationId, accountId).catch((error: unknown) => {
    if (error instanceof NotFoundException)
      throw new ValidationException([
        { field: 'account_id', messages: ['No such WhatsApp account in your organization'] },
      ]);
    throw error;
  });
}

/** The accounts and templates campaign responses name, each read once per response. */
export class CampaignLookups {
  private readonly accounts = new Map<string, Promise<WhatsAppAccount | undefined>>();
  private readonly templates = new Map<string, Promise<MessageTemplate | undefined>>();

  constructor(
    private readonly accountsService: AccountsService,
    private readonly catalog: TemplateCatalog,
  ) {}

  account(organizationId: string, id: string): Promise<WhatsAppAccount | undefined> {
    let found = this.accounts.get(id);
    if (!found) {
      found = this.accountsService.find(organizationId, id);
      this.accounts.set(id, found);
    }
    return found;
  }

  template(
    organizationId: string,
    wabaId: string,
    name: string,
    language: string,
  ): Promise<MessageTemplate | undefined> {
    const key = `${wabaId}\u0000${name}\u0000${language}`;
    let found = this.templates.get(key);
    if (!found) {
      found = this.catalog.stored(organizationId, wabaId, name, language);
      this.templates.set(key, found);
    }
    return found;
  }
}
