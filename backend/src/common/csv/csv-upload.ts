import { HttpException, HttpStatus } from '@nestjs/common';
import { ValidationException } from '../errors/validation.exception.js';

/**
 * What went wrong reading an uploaded CSV, as the client's error: too large (413), or a
 * multipart body or file that cannot be read (400 naming `file`), never a 5xx.
 */
export function brokenUpload(error: unknown): HttpException {
  if (error instanceof HttpException) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (status === HttpStatus.PAYLOAD_TOO_LARGE)
    return new HttpException((error as Error).message, HttpStatus.PAYLOAD_TOO_LARGE);
  const reason = error instanceof Error ? error.message : String(error);
  return new ValidationException([
    { field: 'file', messages: [`The upload could not be read as a CSV file (${reason}).`] },
  ]);
}
