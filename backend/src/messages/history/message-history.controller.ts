import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Auth, CurrentUser } from '../../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { ApiErrors } from '../../common/errors/api-error-responses.js';
import { UUID_PARAM } from '../../common/validation/uuid-param.js';
import { ListMessagesQueryDto } from './dto/list-messages-query.dto.js';
import { MessageDetailDto, MessagePageDto } from './dto/message-response.dto.js';
import { MessageHistoryService } from './message-history.service.js';

/**
 * Reading messages. Sending (POST on the same path) lives in the send feature's own controller;
 * this one only answers GETs.
 */
@ApiTags('messages')
@Auth()
@Controller('whatsapp/messages')
export class MessageHistoryController {
  constructor(private readonly history: MessageHistoryService) {}

  @Get()
  @ApiOperation({
    summary: 'Message history, newest first',
    description:
      'Sent and received messages of your organization, filtered (all filters combine) and keyset-paged: ' +
      'pass `next_cursor` back as `cursor` until it is null. Pages stay stable while new messages arrive.',
  })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiErrors([400, 'A filter is invalid (the details name it), or an unknown filter was given.'])
  listMessages(
    @CurrentUser() caller: AuthenticatedUser,
    @Query() query: ListMessagesQueryDto,
  ): Promise<MessagePageDto> {
    return this.history.list(caller, query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One message with its payload, contact and delivery timeline',
    description:
      'The timeline lists each status Meta reported (with its errors, pricing and conversation) in the order it happened.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The message id.' })
  @ApiOkResponse({ type: MessageDetailDto })
  @ApiErrors([404, 'No such message in your organization.'])
  getMessage(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<MessageDetailDto> {
    return this.history.get(caller, id);
  }
}
