import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { ConversationsController } from './conversations/conversations.controller.js';
import { ConversationsRepository } from './conversations/conversations.repository.js';
import { ConversationsService } from './conversations/conversations.service.js';
import { MessageHistoryController } from './history/message-history.controller.js';
import { MessageHistoryRepository } from './history/message-history.repository.js';
import { MessageHistoryService } from './history/message-history.service.js';
import { MessagesModule } from './messages.module.js';
import { MessagesRepository } from './messages.repository.js';
import { StatsCompactor } from './stats/stats-compactor.service.js';
import { StatsController } from './stats/stats.controller.js';
import { StatsRepository } from './stats/stats.repository.js';
import { StatsService } from './stats/stats.service.js';

/**
 * History, message detail, conversations and stats: read-only views over messages (the only
 * write is a conversation's local unread count). Sending and webhooks live in their own modules.
 */
@Module({
  imports: [MessagesModule, AccountsModule, ContactsModule],
  controllers: [MessageHistoryController, ConversationsController, StatsController],
  providers: [
    // The repositories of this feature it reads; other modules export services only.
    MessagesRepository,
    MessageHistoryRepository,
    MessageHistoryService,
    ConversationsRepository,
    ConversationsService,
    StatsRepository,
    StatsService,
    StatsCompactor,
  ],
  exports: [MessageHistoryService, ConversationsService, StatsService],
})
export class ReadingModule {}
