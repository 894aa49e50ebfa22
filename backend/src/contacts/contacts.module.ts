import { Module } from '@nestjs/common';
import { ConsentService } from './consent/consent.service.js';
import { ContactDirectoryService } from './contact-directory.service.js';
import { ConsentSettingsController, ContactsController } from './contacts.controller.js';
import { ContactsRepository } from './contacts.repository.js';
import { ContactsService } from './contacts.service.js';

/**
 * Contacts and their marketing consent. Other features get services only: ContactsService
 * (identities, windows, unread counts, search, erasure hooks) and ConsentService (Meta's
 * preferences, keywords, 131050, and whether a marketing template may go).
 */
@Module({
  controllers: [ContactsController, ConsentSettingsController],
  providers: [ContactsRepository, ContactsService, ConsentService, ContactDirectoryService],
  exports: [ContactsService, ConsentService],
})
export class ContactsModule {}
