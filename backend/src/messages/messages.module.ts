import { Module } from '@nestjs/common';
import { ContactsRepository } from './contacts.repository.js';
import { MessagesRepository } from './messages.repository.js';
import { StatusApplier } from './status-applier.service.js';

/** Messages and contacts: the send pipeline, status timeline and history. */
@Module({
  providers: [ContactsRepository, MessagesRepository, StatusApplier],
  exports: [ContactsRepository, MessagesRepository, StatusApplier],
})
export class MessagesModule {}
