import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { type FastifyRequest } from 'fastify';

const VALID_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Reuses a well-formed incoming X-Request-Id (from a proxy), otherwise makes a new one. */
export function generateRequestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && VALID_ID.test(incoming) ? incoming : randomUUID();
}

/** The id Fastify gave this request (see `genReqId` in the app factory). */
export function requestIdOf(request: FastifyRequest): string {
  return String(request.id);
}
