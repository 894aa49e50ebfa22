import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { MediaModule } from '../media/media.module.js';
import { MessagesModule } from '../messages/messages.module.js';
import { TemplatesModule } from '../templates/templates.module.js';
import { AccountUpdatesService } from './account-updates.service.js';
import { ConsentReplies } from './consent-replies.service.js';
import { InboundMessagesService } from './inbound-messages.service.js';
import { WebhookEventsRepository } from './webhook-events.repository.js';
import { WebhookInbox } from './webhook-inbox.service.js';
import { WebhookProcessor } from './webhook-processor.service.js';
import { WebhookRetention } from './webhook-retention.service.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** Meta's webhooks: handshake, signature check, durable inbox, event processing. */
@Module({
  imports: [AccountsModule, ContactsModule, MessagesModule, MediaModule, TemplatesModule],
  controllers: [WebhooksController],
  providers: [
    WebhooksService,
    WebhookInbox,
    WebhookEventsRepository,
    WebhookProcessor,
    InboundMessagesService,
    AccountUpdatesService,
    WebhookRetention,
    ConsentReplies,
  ],
})
export class WebhooksModule {}
