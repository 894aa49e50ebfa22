import { Module } from '@nestjs/common';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { TemplateCatalog } from './template-catalog.service.js';
import { TemplatesRepository } from './templates.repository.js';

/** Message templates: the local catalogue (the Templates page comes with its own issue). */
@Module({
  imports: [WhatsAppModule],
  providers: [TemplatesRepository, TemplateCatalog],
  exports: [TemplateCatalog, TemplatesRepository],
})
export class TemplatesModule {}
