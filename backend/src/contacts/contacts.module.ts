import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ConsentService } from './consent/consent.service.js';
import { ContactDirectoryService } from './contact-directory.service.js';
import {
  ConsentSettingsController,
  ContactImportsController,
  ContactsController,
} from './contacts.controller.js';
import { ContactImportService } from './import/contact-import.service.js';
import { ContactsRepository } from './contacts.repository.js';
import { ContactsService } from './contacts.service.js';

/**
 * Contacts and their marketing consent. Other features get services only: ContactsService
 * (identities, windows, unread counts, search, erasure hooks) and ConsentService (Meta's
 * preferences, keywords, 131050, and whether a marketing template may go).
 */
@Module({
  imports: [AccountsModule],
  controllers: [ContactsController, ContactImportsController, ConsentSettingsController],
  providers: [
    ContactsRepository,
    ContactsService,
    ConsentService,
    ContactDirectoryService,
    ContactImportService,
  ],
  exports: [ContactsService, ConsentService],
})
export class ContactsModule {}
