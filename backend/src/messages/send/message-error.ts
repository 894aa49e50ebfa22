import { type GraphErrorJson } from '../../whatsapp/graph-api.error.js';
import { type MessageErrorDto } from './dto/message-response.dto.js';

/** Meta's error as the API shows it with a failed message (`error`, `meta_error`). */
export function errorDto(error: GraphErrorJson): MessageErrorDto {
  return {
    code: error.code ?? null,
    title: error.title,
    message: error.message,
    details: error.details ?? null,
    explanation: error.explanation,
    fix: error.fix,
    retryable: error.retryable,
    fbtrace_id: error.fbtrace_id ?? null,
  };
}
