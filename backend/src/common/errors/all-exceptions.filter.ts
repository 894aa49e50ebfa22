import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { type ErrorResponseDto } from './error-response.dto.js';
import { ValidationException } from './validation.exception.js';
import { requestIdOf } from '../../logging/request-id.js';

/**
 * Turns every error into the one error body. Internals of unexpected errors (5xx) are logged
 * with the request id and never sent to the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<FastifyRequest>();
    const reply = context.getResponse<FastifyReply>();
    const body = this.toBody(exception, requestIdOf(request));
    if (exception instanceof ThrottlerException) copyRetryAfter(reply);
    if (body.status_code >= 500) {
      this.logger.error({ err: exception, request_id: body.request_id }, 'Unhandled error');
    }
    void reply
      .status(body.status_code)
      .header('content-type', 'application/json; charset=utf-8')
      .send(body);
  }

  private toBody(exception: unknown, requestId: string): ErrorResponseDto {
    if (exception instanceof ValidationException) {
      return { ...errorBody(400, 'Validation failed', requestId), details: exception.details };
    }
    if (exception instanceof ThrottlerException) {
      return errorBody(429, 'Too many attempts. Wait a minute and try again.', requestId);
    }
    if (exception instanceof HttpException) {
      return {
        ...extensionsOf(exception),
        ...errorBody(exception.getStatus(), messageOf(exception), requestId),
      };
    }
    // Fastify's own errors (malformed JSON, body too large, wrong content type) carry a statusCode.
    const status = fastifyStatus(exception);
    if (status) return errorBody(status, (exception as Error).message, requestId);
    return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error', requestId);
  }
}

/** The error body for `status` (also used for the router's own errors, see the app factory). */
export function errorBody(status: number, message: string, requestId: string): ErrorResponseDto {
  return {
    status_code: status,
    error: STATUS_CODES[status] ?? 'Error',
    message,
    request_id: requestId,
  };
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** The throttler names its header after the throttler (Retry-After-auth); clients expect Retry-After. */
function copyRetryAfter(reply: FastifyReply): void {
  const named = Object.entries(reply.getHeaders()).find(([name]) =>
    name.toLowerCase().startsWith('retry-after-'),
  );
  if (named?.[1] !== undefined) void reply.header('retry-after', String(named[1]));
}

/**
 * Extra fields a feature adds to its error body (`new XException({ message, extensions })`),
 * documented by that feature's own error DTO. The base fields cannot be overridden.
 */
function extensionsOf(exception: HttpException): Record<string, unknown> {
  const response = exception.getResponse();
  if (typeof response !== 'object' || response === null) return {};
  const extensions = (response as { extensions?: unknown }).extensions;
  if (typeof extensions !== 'object' || extensions === null) return {};
  const {
    status_code: _s,
    error: _e,
    message: _m,
    request_id: _r,
    ...rest
  } = extensions as Record<string, unknown>;
  return rest;
}

function fastifyStatus(exception: unknown): number | undefined {
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
