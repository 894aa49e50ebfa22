import { HttpException, HttpStatus } from '@nestjs/common';
import { GraphApiError } from '../../whatsapp/graph-api.error.js';
import { type MessageErrorDto, type SentMessageDto } from './dto/message-response.dto.js';
import { errorDto } from './message-error.js';
import { type SendResult } from './send-result.js';

// Meta's errors as HTTP answers, in one place for every messages route.

/**
 * The send endpoint's answer: the message (201); or, when Meta refused it or could not be
 * reached, 422 (502 when retrying later may work) with `meta_error` and the failed message's id.
 * The same result gives the same answer, which Idempotency-Key replays rely on.
 */
export function sendAnswer(result: SendResult): SentMessageDto {
  switch (result.outcome) {
    case 'sent':
    case 'deferred':
    case 'uncertain':
      return result.message;
    case 'failed':
      throw metaErrorException(
        result.error,
        result.error.retryable ? HttpStatus.BAD_GATEWAY : HttpStatus.UNPROCESSABLE_ENTITY,
        { message_id: result.messageId },
      );
  }
}

/**
 * A failed call to Meta that is not a send (media upload, read receipt): 422 when Meta answered
 * with an error (4xx: a parameter it refuses, media it cannot take, a rate limit;
 * `meta_error.retryable` says whether trying later may work), 502 only when Meta could not be
 * reached, timed out or failed itself (5xx), after the retries. Anything else is rethrown.
 */
export function graphFailure(error: unknown): HttpException {
  if (!(error instanceof GraphApiError)) throw error;
  const refusedByMeta = error.httpStatus >= 400 && error.httpStatus < 500;
  return metaErrorException(
    errorDto(error.toJSON()),
    refusedByMeta ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.BAD_GATEWAY,
  );
}

function metaErrorException(
  error: MessageErrorDto,
  status: HttpStatus,
  extensions: Record<string, unknown> = {},
): HttpException {
  return new HttpException(
    {
      message: `${error.title}: ${error.explanation} ${error.fix}`.trim(),
      extensions: { ...extensions, meta_error: error },
    },
    status,
  );
}
