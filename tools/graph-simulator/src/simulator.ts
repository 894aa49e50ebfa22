// Builds and starts a simulator: a Fastify server around a SimulatorCore.
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import { SimulatorCore } from './core.ts';
import { GraphError, unknownPath } from './graph-error.ts';
import { traceId } from './ids.ts';
import { MAX_UPLOAD_BYTES } from './media.ts';
import { registerAdminRoutes, sendAdminError } from './routes/admin.ts';
import { registerGraphRoutes, sendGraphError } from './routes/graph.ts';
import { SimError } from './sim-error.ts';
import { MAX_SESSION_BYTES } from './uploads.ts';
import type { Simulator, SimulatorOptions } from './types.ts';

/** Graph accepts form-encoded parameters too; JSON-looking values (components=[...]) are parsed. */
function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        out[key] = JSON.parse(trimmed) as unknown;
        continue;
      } catch {
        // not JSON: keep the string
      }
    }
    out[key] = value;
  }
  return out;
}

function isAdminUrl(url: string): boolean {
  return url.startsWith('/_sim');
}

async function buildApp(core: SimulatorCore, options: SimulatorOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Held (timeout-fault) requests and keep-alive sockets must never delay close().
    forceCloseConnections: true,
    bodyLimit: 4 * 1024 * 1024,
  });
  await app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1, fields: 20 },
  });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_req, body, done) => {
      done(null, parseForm(typeof body === 'string' ? body : body.toString('utf8')));
    },
  );

  // The Resumable Upload API's second step sends the file's bytes as the body.
  app.addContentTypeParser(
    /^(application\/(octet-stream|pdf)|image\/[\w.+-]+|video\/[\w.+-]+)$/,
    { parseAs: 'buffer', bodyLimit: MAX_SESSION_BYTES },
    (_req, body, done) => {
      done(null, body);
    },
  );

  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (isAdminUrl(req.url)) {
      if (error instanceof SimError) return sendAdminError(reply, error);
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      return sendAdminError(reply, new SimError(status, error.message));
    }
    const trace = traceId();
    reply.header('x-fb-trace-id', trace);
    if (error instanceof GraphError) return sendGraphError(reply, error, trace);
    // Body parsing errors (invalid JSON, unsupported content type, body too large).
    return sendGraphError(
      reply,
      new GraphError({
        status: 400,
        code: 100,
        message: '(#100) Invalid parameter',
        details: `The request body could not be read: ${error.message}`,
      }),
      trace,
    );
  });
  app.setNotFoundHandler((req, reply) => {
    if (isAdminUrl(req.url)) {
      return reply.code(404).send({
        error: { message: `no admin route ${req.method} ${req.url.split('?')[0] ?? ''}` },
      });
    }
    return sendGraphError(reply, unknownPath(req.url.split('?')[0] ?? req.url), traceId());
  });

  registerAdminRoutes(app, core, { publicUrl: options.publicUrl });
  registerGraphRoutes(app, core, { publicUrl: options.publicUrl });
  return app;
}

/**
 * Starts a simulator on `options.port` (default: a free port) and `options.host` (default
 * 127.0.0.1). Resolves once it is listening.
 */
export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const core = new SimulatorCore(options.defaults ?? {});
  const app = await buildApp(core, options);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address() as AddressInfo;
  const port = address.port;
  const reachable =
    host === '0.0.0.0'
      ? '127.0.0.1'
      : host === '::'
        ? '[::1]'
        : host.includes(':')
          ? `[${host}]`
          : host;
  const url = `http://${reachable}:${port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    port,
    host,
    close(): Promise<void> {
      closing ??= (async () => {
        core.scheduler.cancelAll();
        core.releaseHolds();
        await app.close();
        core.scheduler.cancelAll();
      })();
      return closing;
    },
    reset: () => core.reset(),
    idle: (timeoutMs) => core.scheduler.idle(timeoutMs),
    addAccount: (input) => core.addAccount(input),
    updateAccount: (id, patch) => core.updateAccount(id, patch),
    getAccount: (id) => core.getAccount(id),
    expireToken: (token) => core.expireToken(token),
    addTemplate: (input) => core.addTemplate(input),
    setTemplateStatus: (id, status, reason) => core.setTemplateStatus(id, status, reason),
    setTemplateQuality: (id, score) => core.setTemplateQuality(id, score),
    updateTemplateCategory: (id, category, impending) =>
      core.updateTemplateCategory(id, category, impending),
    templates: (wabaId) => core.templates(wabaId),
    inbound: (input) => core.inbound(input, options.publicUrl?.replace(/\/+$/, '') ?? url),
    userPreference: (input) => core.userPreference(input),
    addCustomer: (input) => core.addCustomer(input),
    pushStatus: (input) => core.pushStatus(input),
    addFault: (input) => core.addFault(input),
    sent: (phoneNumberId) => core.sent(phoneNumberId),
    receipts: (phoneNumberId) => core.receipts(phoneNumberId),
    webhooks: (filter) => core.webhooks(filter),
  };
}
