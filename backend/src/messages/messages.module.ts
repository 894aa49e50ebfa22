import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { TemplatesModule } from '../templates/templates.module.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { ContactsRepository } from './contacts/contacts.repository.js';
import { MessagesRepository } from './messages.repository.js';
import { MessageActionsService } from './send/message-actions.service.js';
import { MessagesSendController } from './send/messages-send.controller.js';
import { SendMessageService } from './send/send-message.service.js';
import { StatusApplier } from './status-applier.service.js';

/** Messages and contacts: the send pipeline and the status timeline. */
@Module({
  imports: [AccountsModule, WhatsAppModule, TemplatesModule],
  controllers: [MessagesSendController],
  providers: [
    ContactsRepository,
    MessagesRepository,
    StatusApplier,
    SendMessageService,
    MessageActionsService,
  ],
  // MessageActionsService: the inbox sends read receipts when a conversation is opened.
  exports: [ContactsRepository, MessagesRepository, StatusApplier, MessageActionsService],
})
export class MessagesModule {}
