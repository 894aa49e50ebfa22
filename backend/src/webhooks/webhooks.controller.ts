import {
  applyDecorators,
  Controller,
  Get,
  Header,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  type RawBodyRequest,
  Req,
} from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { SanitisesText } from '../common/http/unsafe-text.hook.js';
import { ApiErrors } from '../common/errors/api-error-responses.js';
import { WEBHOOK_BODY } from './webhook-openapi.js';
import { type HandshakeQuery, type WebhookDelivery, WebhooksService } from './webhooks.service.js';

/** Documents Meta's handshake: its query, the text/plain challenge, the 403. */
function ApiHandshake(errors: Parameters<typeof ApiErrors>): MethodDecorator {
  return applyDecorators(
    ApiQuery({
      name: 'hub.mode',
      type: String,
      required: true,
      example: 'subscribe',
      description: 'Always `subscribe`.',
    }),
    ApiQuery({
      name: 'hub.challenge',
      type: String,
      required: true,
      example: '1158201444',
      description: 'Echoed back on success.',
    }),
    ApiQuery({
      name: 'hub.verify_token',
      type: String,
      required: true,
      description: 'The verify token you gave Meta.',
    }),
    ApiProduces('text/plain'),
    ApiOkResponse({
      description: 'The token matches: the raw `hub.challenge`, as text/plain.',
      content: { 'text/plain': { schema: { type: 'string', example: '1158201444' } } },
    }),
    ApiErrors(...errors),
  );
}

/** Documents a webhook delivery: the signature header, the body and every answer. */
function ApiDelivery(): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'X-Hub-Signature-256',
      required: true,
      description: '`sha256=<hex>`: HMAC-SHA256 of the raw body, keyed with the app secret.',
    }),
    ApiBody(WEBHOOK_BODY),
    ApiOkResponse({ description: 'Stored; applied right after the answer.' }),
    ApiErrors(
      [
        400,
        'Malformed JSON (checked before the signature), or not a JSON object: nothing is stored.',
      ],
      [401, 'Missing or wrong signature, or an unknown account: nothing is stored.'],
      [503, 'The database is unavailable: nothing is stored, Meta retries.'],
    ),
  );
}

function handshakeOf(request: FastifyRequest): HandshakeQuery {
  return (request.query ?? {}) as HandshakeQuery;
}

function deliveryOf(
  request: RawBodyRequest<FastifyRequest>,
  signature: string | undefined,
): WebhookDelivery {
  return { rawBody: request.rawBody, body: request.body, signature };
}

/**
 * Meta's webhooks (public: Meta signs instead of signing in). Per-account URLs
 * (`/api/webhooks/whatsapp/{account_id}`, shown on each account) use that account's verify
 * token and app secret; the global URL uses WHATSAPP_WEBHOOK_VERIFY_TOKEN / WHATSAPP_APP_SECRET
 * and routes each change by its `phone_number_id`.
 */
@ApiTags('webhooks')
@Public()
@Controller('webhooks/whatsapp')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({
    summary: "Meta's webhook handshake (global URL)",
    description:
      'Answers with `hub.challenge` when `hub.verify_token` is WHATSAPP_WEBHOOK_VERIFY_TOKEN.',
  })
  @ApiHandshake([[403, 'Wrong mode or verify token, or no global verify token configured.']])
  verifyWebhook(@Req() request: FastifyRequest): string {
    return this.webhooks.verifyGlobal(handshakeOf(request));
  }

  @Post()
  @SanitisesText()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Receive Meta's webhooks (global URL)",
    description:
      'Checked against WHATSAPP_APP_SECRET, stored, then applied to the account owning each change’s `phone_number_id` ' +
      '(statuses, inbound messages, template status and number quality updates). Unknown numbers are ignored.',
  })
  @ApiDelivery()
  receiveWebhook(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('x-hub-signature-256') signature: string | undefined,
  ): Promise<void> {
    return this.webhooks.receiveGlobal(deliveryOf(request, signature));
  }

  @Get(':account_id')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({
    summary: "Meta's webhook handshake (one account's URL)",
    description:
      "Answers with `hub.challenge` when `hub.verify_token` is the account's verify token.",
  })
  @ApiParam({ name: 'account_id', format: 'uuid', description: 'The WhatsApp account id.' })
  @ApiHandshake([
    [403, 'Wrong mode or verify token, or no such account (the two are not told apart).'],
    [503, 'The database is unavailable.'],
  ])
  verifyAccountWebhook(
    @Param('account_id') accountId: string,
    @Req() request: FastifyRequest,
  ): Promise<string> {
    return this.webhooks.verifyAccount(accountId, handshakeOf(request));
  }

  @Post(':account_id')
  @SanitisesText()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Receive Meta's webhooks (one account's URL)",
    description:
      "Checked against the account's app secret (or WHATSAPP_APP_SECRET when it has none), stored, then applied " +
      "within the account's organization only.",
  })
  @ApiParam({ name: 'account_id', format: 'uuid', description: 'The WhatsApp account id.' })
  @ApiDelivery()
  receiveAccountWebhook(
    @Param('account_id') accountId: string,
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('x-hub-signature-256') signature: string | undefined,
  ): Promise<void> {
    return this.webhooks.receiveAccount(accountId, deliveryOf(request, signature));
  }
}
