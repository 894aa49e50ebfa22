import { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { type Socket } from 'node:net';
import { errorBody } from '../errors/all-exceptions.filter.js';

/**
 * Refusals that come before any hook or exception filter, answered in the same error body as
 * everything else, with a request id: Fastify's own bodies (`FST_ERR_*`, `statusCode`) would
 * otherwise leak through.
 */

/** The router's: a malformed percent-encoding, an over-long path segment. */
export function answerRouterError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path segment of the URL is too long.'
      : 'The URL is not valid: it has a malformed percent-encoding.';
  void reply
    .status(status)
    .header('x-request-id', request.id)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody(status, message, String(request.id)));
}

/**
 * Node's HTTP parser's, before there is a request at all: headers (or the URL) too large, a
 * request too slow to arrive, bytes that are not HTTP. Written straight to the socket, which
 * is then closed, as Node itself does.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers or the URL are too large.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive.']
        : [400, 'The request is not valid HTTP.'];
  const requestId = randomUUID();
  const body = JSON.stringify(errorBody(status, message, requestId));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
