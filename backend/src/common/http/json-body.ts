import { BadRequestException } from '@nestjs/common';
import { type FastifyInstance, type FastifyRequest } from 'fastify';

/**
 * How deeply JSON bodies may nest. Meta's webhooks reach about 8 levels and our own request
 * bodies 5; a 5 KB body of 2,500 nested arrays would otherwise be parsed and walked at every
 * layer (validation, logging) for nothing.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether the JSON text nests deeper than `max`, found in one pass over the bytes before
 * anything is parsed. Brackets inside strings do not count; UTF-8 continuation bytes are never
 * ASCII, so scanning bytes is exact.
 */
export function nestsDeeperThan(json: Buffer, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * The JSON body parser of every route: an empty body is no body (clients send
 * `Content-Type: application/json` on body-less POSTs), nesting is limited, then Fastify's own
 * parser runs (prototype-poisoning checks included). Raw bytes are kept by Nest (`rawBody`).
 */
export function jsonBodyParser(
  fastify: FastifyInstance,
): (request: FastifyRequest, body: Buffer, done: Done) => void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      done(
        new BadRequestException(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`),
        undefined,
      );
      return;
    }
    void parse(request, body.toString('utf8'), done);
  };
}
