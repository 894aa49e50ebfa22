import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { TemplateCatalog } from './template-catalog.service.js';
import { TemplatesController } from './templates.controller.js';
import { TemplatesRepository } from './templates.repository.js';
import { TemplatesService } from './templates.service.js';

/** Message templates: the local catalogue, listed for the send dialog (the Templates page comes with its own issue). */
@Module({
  imports: [WhatsAppModule, AccountsModule],
  controllers: [TemplatesController],
  providers: [TemplatesRepository, TemplateCatalog, TemplatesService],
  exports: [TemplateCatalog, TemplatesService],
})
export class TemplatesModule {}
