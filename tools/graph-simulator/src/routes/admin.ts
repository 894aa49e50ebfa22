// The admin API for tests and demos: `/_sim/...`, no auth.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  parseTemplateCategory,
  parseTemplateQuality,
  parseTemplateStatus,
} from '../admin-input.ts';
import type { SimulatorCore } from '../core.ts';
import { asString, isRecord } from '../json.ts';
import { SimError } from '../sim-error.ts';
import type {
  AccountInput,
  AccountPatch,
  CustomerInput,
  FaultInput,
  InboundInput,
  UserPreferenceInput,
  StatusPushInput,
  TemplateInput,
  WebhookFilter,
  WebhookKind,
} from '../types.ts';
import { verifyCallback } from '../webhooks.ts';

type Query = Record<string, string | undefined>;

function baseUrlOf(req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.headers.host ?? req.hostname}`;
}

export function sendAdminError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof SimError)
    return reply.code(error.status).send({ error: { message: error.message } });
  console.error('[graph-simulator] admin error:', error);
  const message = error instanceof Error ? error.message : String(error);
  return reply.code(500).send({ error: { message } });
}

export function registerAdminRoutes(
  app: FastifyInstance,
  core: SimulatorCore,
  options: { publicUrl: string | undefined },
): void {
  const query = (req: FastifyRequest): Query => (req.query ?? {}) as Query;
  const param = (req: FastifyRequest, name: string): string => (req.params as Query)[name] ?? '';

  app.post('/_sim/accounts', (req, reply) =>
    reply.code(201).send(core.addAccount(req.body as AccountInput)),
  );
  app.get('/_sim/accounts', () => ({ data: core.accounts() }));
  app.get('/_sim/accounts/:id', (req) => {
    const account = core.getAccount(param(req, 'id'));
    if (!account) throw new SimError(404, `no account with phone_number_id ${param(req, 'id')}`);
    return account;
  });
  app.patch('/_sim/accounts/:id', (req) =>
    core.updateAccount(param(req, 'id'), req.body as AccountPatch),
  );
  app.delete('/_sim/accounts/:id', (req, reply) => {
    core.deleteAccount(param(req, 'id'));
    return reply.code(204).send();
  });
  app.post('/_sim/tokens/expire', (req, reply) => {
    const token = isRecord(req.body) ? asString(req.body['access_token']) : undefined;
    if (!token) throw new SimError(400, 'access_token is required');
    core.expireToken(token);
    return reply.code(204).send();
  });

  app.post('/_sim/templates', (req, reply) =>
    reply.code(201).send(core.addTemplate(req.body as TemplateInput)),
  );
  app.get('/_sim/templates', (req) => ({ data: core.templates(query(req)['waba_id']) }));
  app.patch('/_sim/templates/:id', (req) => {
    const { status, reason } = parseTemplateStatus(req.body);
    return core.setTemplateStatus(param(req, 'id'), status, reason);
  });
  // Meta's quality rating and recategorisation webhooks, on demand.
  app.post('/_sim/templates/:id/quality', (req) =>
    core.setTemplateQuality(param(req, 'id'), parseTemplateQuality(req.body).score),
  );
  app.post('/_sim/templates/:id/category', (req) => {
    const { category, impending } = parseTemplateCategory(req.body);
    return core.updateTemplateCategory(param(req, 'id'), category, impending);
  });

  app.post('/_sim/inbound', (req, reply) =>
    reply.code(202).send(core.inbound(req.body as InboundInput, baseUrlOf(req, options.publicUrl))),
  );
  app.post('/_sim/user-preferences', (req, reply) =>
    reply.code(202).send(core.userPreference(req.body as UserPreferenceInput)),
  );
  app.post('/_sim/customers', (req, reply) =>
    reply.code(201).send(core.addCustomer(req.body as CustomerInput)),
  );
  app.post('/_sim/statuses', (req, reply) => {
    core.pushStatus(req.body as StatusPushInput);
    return reply.code(202).send({ queued: true });
  });

  app.get('/_sim/sent', (req) => ({
    data: core.sent(query(req)['phone_number_id'], query(req)['to']),
  }));
  app.get('/_sim/receipts', (req) => ({ data: core.receipts(query(req)['phone_number_id']) }));

  app.post('/_sim/faults', (req, reply) =>
    reply.code(201).send(core.addFault(req.body as FaultInput)),
  );
  app.get('/_sim/faults', () => ({ data: core.faults.list() }));
  app.delete('/_sim/faults', (_req, reply) => {
    core.faults.clear();
    return reply.code(204).send();
  });

  app.get('/_sim/webhooks', (req) => {
    const q = query(req);
    const filter: WebhookFilter = {};
    if (q['phone_number_id']) filter.phone_number_id = q['phone_number_id'];
    if (q['waba_id']) filter.waba_id = q['waba_id'];
    if (q['kind']) filter.kind = q['kind'] as WebhookKind;
    if (q['wamid']) filter.wamid = q['wamid'];
    if (q['status']) filter.status = q['status'];
    return { data: core.webhooks(filter) };
  });
  app.delete('/_sim/webhooks', (_req, reply) => {
    core.clearWebhooks();
    return reply.code(204).send();
  });
  app.post('/_sim/webhooks/verify', async (req) => {
    const body = isRecord(req.body) ? req.body : {};
    const verifyToken = asString(body['verify_token']);
    if (!verifyToken) throw new SimError(400, 'verify_token is required');
    let url = asString(body['url']);
    const phoneNumberId = asString(body['phone_number_id']);
    if (!url && phoneNumberId) url = core.getAccount(phoneNumberId)?.webhook_url ?? undefined;
    url ??= core.defaults.webhook_url ?? undefined;
    if (!url)
      throw new SimError(
        400,
        'url (or phone_number_id of an account with a webhook_url) is required',
      );
    return verifyCallback(url, verifyToken);
  });

  app.get('/_sim/idle', async (req, reply) => {
    const timeout = Number(query(req)['timeout_ms'] ?? 10_000);
    try {
      await core.scheduler.idle(Number.isFinite(timeout) ? timeout : 10_000);
    } catch (error) {
      throw new SimError(408, error instanceof Error ? error.message : String(error));
    }
    return reply.code(204).send();
  });
  app.post('/_sim/reset', (_req, reply) => {
    core.reset();
    return reply.code(204).send();
  });
  app.get('/_sim/health', () => ({
    status: 'ok',
    accounts: core.accounts().length,
    pending: core.scheduler.pending,
    held_requests: core.heldRequests,
  }));
}
