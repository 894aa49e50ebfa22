import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { ApiErrors } from '../../common/errors/api-error-responses.js';
import { UUID_PARAM } from '../../common/validation/uuid-param.js';
import { PageQueryDto } from '../history/dto/list-messages-query.dto.js';
import { MessageThreadPageDto } from '../history/dto/message-response.dto.js';
import { ConversationsService } from './conversations.service.js';
import {
  ConversationDto,
  ConversationPageDto,
  UnreadCountsDto,
} from './dto/conversation-response.dto.js';
import { ListConversationsQueryDto } from './dto/list-conversations-query.dto.js';

const CONTACT_PARAM = { name: 'contact_id', format: 'uuid', description: 'The contact’s id.' };
const NO_CONTACT: [number, string] = [404, 'No such contact in your organization.'];

@ApiTags('conversations')
@Auth()
@Controller('whatsapp/conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  @ApiOperation({
    summary: 'Conversations, most recent first',
    description:
      'One per contact and business number, with the last message, the unread count and the 24-hour ' +
      'service window. Keyset-paged: pass `next_cursor` back as `cursor` until it is null.',
  })
  @ApiOkResponse({ type: ConversationPageDto })
  @ApiErrors([400, 'A filter is invalid (the details name it), or an unknown filter was given.'])
  listConversations(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListConversationsQueryDto,
  ): Promise<ConversationPageDto> {
    return this.conversations.list(caller, query);
  }

  @Get('unread')
  @ApiOperation({
    summary: 'What is unread in the inbox',
    description:
      'Conversations with unread inbound messages and how many messages that is, for a badge or ' +
      'a tab title. Counts change with `message.inbound` and `conversation.read` live events: ' +
      'ask again when one arrives.',
  })
  @ApiOkResponse({ type: UnreadCountsDto })
  getUnreadCounts(@CurrentUser() caller: AuthenticatedUser): Promise<UnreadCountsDto> {
    return this.conversations.unreadCounts(caller);
  }

  @Get(':contact_id')
  @ApiOperation({ summary: 'One conversation: the contact, unread count and service window' })
  @ApiParam(CONTACT_PARAM)
  @ApiOkResponse({ type: ConversationDto })
  @ApiErrors(NO_CONTACT)
  getConversation(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('contact_id', UUID_PARAM) contactId: string,
  ): Promise<ConversationDto> {
    return this.conversations.get(caller, contactId);
  }

  @Get(':contact_id/messages')
  @ApiOperation({
    summary: 'The messages of a conversation, newest first',
    description: 'With their payloads; keyset-paged like the message history.',
  })
  @ApiParam(CONTACT_PARAM)
  @ApiOkResponse({ type: MessageThreadPageDto })
  @ApiErrors([400, 'limit or cursor is invalid.'], NO_CONTACT)
  listConversationMessages(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('contact_id', UUID_PARAM) contactId: string,
    @Query() query: PageQueryDto,
  ): Promise<MessageThreadPageDto> {
    return this.conversations.thread(caller, contactId, query);
  }

  @Post(':contact_id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Mark a conversation read (and show the contact blue ticks)',
    description:
      'Sets its unread count to 0 and, when there was something unread, sends the live event ' +
      '`conversation.read` to the organization. Then the contact’s latest message is marked read at ' +
      'Meta (blue ticks in WhatsApp, for it and every earlier message), unless it is already. That ' +
      'call is best effort: if Meta refuses, the failure is logged and the conversation is read here ' +
      'all the same. Opening the same conversation again makes no call to Meta.',
  })
  @ApiParam(CONTACT_PARAM)
  @ApiOkResponse({ type: ConversationDto, description: 'The conversation, now read.' })
  @ApiErrors(NO_CONTACT)
  markConversationRead(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('contact_id', UUID_PARAM) contactId: string,
  ): Promise<ConversationDto> {
    return this.conversations.markRead(caller, contactId);
  }
}
