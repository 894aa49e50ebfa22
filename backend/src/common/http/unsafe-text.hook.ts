import { type FastifyInstance } from 'fastify';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ValidationException } from '../errors/validation.exception.js';
import { findUnsafeText } from './unsafe-text.js';

const SANITISES_TEXT = 'convisSanitisesText';

/**
 * Lets a route take text the API refuses elsewhere (U+0000, unpaired surrogates), because it
 * sanitises the text itself: Meta's webhooks are signed as sent and must be stored anyway.
 */
export const SanitisesText = (): MethodDecorator & ClassDecorator =>
  RouteConfig({ [SANITISES_TEXT]: true });

/**
 * Refuses unsafe text (see unsafe-text.ts) in the query, the path parameters and the body of
 * every route, before any guard, pipe or handler runs: one 400 naming the field.
 */
export function refuseUnsafeText(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const config: object = request.routeOptions.config;
    if ((config as Record<string, unknown>)[SANITISES_TEXT] === true) return done();
    for (const part of [request.params, request.query, request.body]) {
      const field = findUnsafeText(part);
      if (field !== undefined) {
        return done(
          new ValidationException([
            {
              field,
              messages: [
                `${field} must not contain NUL characters (U+0000) or unpaired UTF-16 surrogates`,
              ],
            },
          ]),
        );
      }
    }
    done();
  });
}
