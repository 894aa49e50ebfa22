import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { TemplateCatalog } from './template-catalog.service.js';
import { TemplatesController } from './templates.controller.js';
import { TemplatesRepository } from './templates.repository.js';
import { TemplatesService } from './templates.service.js';

/**
 * Message templates: the local copy of each business account's templates, kept current by Meta's
 * webhooks, and their creation, edits and deletes at Meta, checked with Meta's rules first.
 */
@Module({
  imports: [WhatsAppModule, AccountsModule],
  controllers: [TemplatesController],
  providers: [TemplatesRepository, TemplateCatalog, TemplatesService],
  exports: [TemplateCatalog, TemplatesService],
})
export class TemplatesModule {}
