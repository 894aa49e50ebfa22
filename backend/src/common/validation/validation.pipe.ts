import { ValidationPipe } from '@nestjs/common';
import { ValidationException } from '../errors/validation.exception.js';

/** Strict input validation at the edge: unknown fields are refused, values are converted to DTOs. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => ValidationException.fromErrors(errors),
  });
}
