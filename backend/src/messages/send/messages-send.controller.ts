import { Body, Controller, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { Auth, CurrentUser } from '../../auth/auth.decorators.js';
import { type AuthenticatedUser } from '../../auth/authenticated-user.js';
import { ApiErrors } from '../../common/errors/api-error-responses.js';
import { ValidationException } from '../../common/errors/validation.exception.js';
import { UUID_PARAM } from '../../common/validation/uuid-param.js';
import {
  MetaErrorResponseDto,
  SendFailedResponseDto,
  SentMessageDto,
  UploadedMediaDto,
} from './dto/message-response.dto.js';
import { SendMessageDto } from './dto/send-message.dto.js';
import { MessageActionsService } from './message-actions.service.js';
import { sendAnswer } from './send-answer.js';
import { SendMessageService } from './send-message.service.js';

@ApiTags('messages')
@Auth()
@Controller('whatsapp/messages')
export class MessagesSendController {
  constructor(
    private readonly sender: SendMessageService,
    private readonly actions: MessageActionsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Send a message',
    description:
      'Text, template, image, video, audio, document, sticker, interactive (buttons, list), location, contacts or reaction, optionally quoting a message. ' +
      'The message is recorded (queued) before Meta is called, then becomes sent (with Meta’s wamid) or failed (with Meta’s error explained). ' +
      'Free-form messages need the contact to have written in the last 24 hours; templates are checked against their placeholders. ' +
      'Send the same Idempotency-Key again to get the first result instead of a second message.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Any unique string (≤ 255 chars) per message, e.g. a UUID.',
  })
  @ApiCreatedResponse({ type: SentMessageDto, description: 'Accepted by Meta (status sent).' })
  @ApiAcceptedResponse({
    type: SentMessageDto,
    description:
      'The message stays queued; follow it with GET /messages/{id} or the live events. Either Meta rate-limited the number and asked to wait longer than a request may (Retry-After): it is sent by a background job once that time has passed. ' +
      'Or Meta did not answer in time and may have the message: it is never sent again by itself (the customer would get it twice); Meta’s status webhook settles it, and with no status within SEND_UNCERTAIN_AFTER_SECONDS it fails as unanswered.',
  })
  @ApiErrors([400, 'Invalid message; each failing field is named (including template parameters).'])
  @ApiUnprocessableEntityResponse({
    type: SendFailedResponseDto,
    description:
      'Refused: outside the 24-hour window, template missing or not approved, an Idempotency-Key reused for another message, or refused by Meta (recorded as failed, with meta_error).',
  })
  @ApiBadGatewayResponse({
    type: SendFailedResponseDto,
    description:
      'Meta could not be reached or kept failing (5xx), or kept refusing for a temporary reason (rate limits), after the retries; the message is recorded as failed and can be sent again.',
  })
  async sendMessage(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() dto: SendMessageDto,
    // Read from the request rather than with @Headers(), which would document a second, required header.
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SentMessageDto> {
    const key = validIdempotencyKey(request.headers['idempotency-key']);
    const result = await this.sender.send(caller, dto, key);
    if (result.outcome === 'deferred' || result.outcome === 'uncertain')
      void reply.status(HttpStatus.ACCEPTED);
    return sendAnswer(result);
  }

  @Post('media')
  @ApiOperation({
    summary: 'Upload a media file to send',
    description:
      'multipart/form-data with account_id and file. Returns Meta’s media id for media.id (valid 30 days). Checked against Meta’s types and size limits.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['account_id', 'file'],
      properties: {
        account_id: { type: 'string', format: 'uuid' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({ type: UploadedMediaDto })
  @ApiErrors([400, 'Missing file or account_id, unsupported type or too large.'])
  @ApiUnprocessableEntityResponse({
    type: MetaErrorResponseDto,
    description:
      'Meta refused the file (e.g. 131053: its content does not match its type), with meta_error.',
  })
  @ApiBadGatewayResponse({
    type: MetaErrorResponseDto,
    description: 'Meta could not be reached, timed out or kept failing; try again later.',
  })
  uploadMedia(
    @CurrentUser() caller: AuthenticatedUser,
    @Req() request: FastifyRequest,
  ): Promise<UploadedMediaDto> {
    return this.actions.upload(caller, request);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Mark an inbound message as read at Meta (blue ticks for the sender)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Marked read.' })
  @ApiErrors([404, 'No such inbound message in your organization.'])
  @ApiUnprocessableEntityResponse({
    type: MetaErrorResponseDto,
    description:
      'Meta refused the read receipt (e.g. 131009: it does not know the message), with meta_error; the message stays unread.',
  })
  @ApiBadGatewayResponse({
    type: MetaErrorResponseDto,
    description: 'Meta could not be reached, timed out or kept failing; try again later.',
  })
  markMessageRead(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', UUID_PARAM) id: string,
  ): Promise<void> {
    return this.actions.markRead(caller, id);
  }
}

function validIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) value = value[0];
  if (value === undefined || value === '') return undefined;
  if (value.length > 255 || !/^[\x21-\x7e]+$/.test(value)) {
    throw new ValidationException([
      {
        field: 'Idempotency-Key',
        messages: ['Idempotency-Key must be 1–255 visible ASCII characters'],
      },
    ]);
  }
  return value;
}
