import { type AccountsService } from '../accounts/accounts.service.js';
import { type WhatsAppAccount } from '../accounts/accounts.schema.js';
import { type TemplateCatalog } from '../templates/template-catalog.service.js';
import { type MessageTemplate } from '../templates/templates.schema.js';

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
