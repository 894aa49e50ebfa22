import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { TemplatesModule } from '../templates/templates.module.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { MessagesRepository } from './messages.repository.js';
import { MessagesService } from './messages.service.js';
import { UnansweredSends } from './send/unanswered-sends.service.js';
import { DeferredSends } from './send/deferred-sends.service.js';
import { MessageActionsService } from './send/message-actions.service.js';
import { MessageDelivery } from './send/message-delivery.service.js';
import { MessagePreparer } from './send/message-preparer.service.js';
import { MessagesSendController } from './send/messages-send.controller.js';
import { SendMessageService } from './send/send-message.service.js';
import { StatusApplier } from './status-applier.service.js';

/**
 * Messages: the send pipeline and the status timeline. Other features get services only:
 * MessagesService (file inbound messages, apply statuses, erase a contact's messages),
 * MessageActionsService (read receipts, for the inbox) and SendMessageService (messages the
 * service sends by itself: consent confirmations). Contacts are their own feature.
 */
@Module({
  imports: [AccountsModule, ContactsModule, WhatsAppModule, TemplatesModule],
  controllers: [MessagesSendController],
  providers: [
    MessagesRepository,
    MessagesService,
    StatusApplier,
    MessagePreparer,
    MessageDelivery,
    SendMessageService,
    MessageActionsService,
    DeferredSends,
    UnansweredSends,
  ],
  exports: [MessagesService, MessageActionsService, SendMessageService],
})
export class MessagesModule {}
