import { type FastifyInstance } from 'fastify';

/** One year, subdomains included: helmet's default value. */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * Sends Strict-Transport-Security only on answers to HTTPS requests: a TLS connection to this
 * server, or with TRUST_PROXY a proxy saying `X-Forwarded-Proto: https` (Fastify's
 * `request.protocol` reads the header only from a trusted proxy). Browsers ignore it over plain
 * HTTP (RFC 6797 §8.1): sending it there only claims a TLS set-up that may not exist.
 */
export function addHstsOverHttps(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS_VALUE);
  });
}
