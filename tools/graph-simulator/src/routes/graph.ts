// The Cloud API surface: `/{version}/{node}` and `/{version}/{node}/{edge}`, plus media downloads.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import type { ResolvedNode, Scope, SimulatorCore } from '../core.ts';
import {
  GraphError,
  invalidParameter,
  metaError,
  missingParameter,
  nonexistingField,
  unknownPath,
  unsupportedRequest,
} from '../graph-error.ts';
import { requestId, traceId } from '../ids.ts';
import { asString, isRecord, type JsonObject } from '../json.ts';
import { MAX_UPLOAD_BYTES, verifyMediaUrl } from '../media.ts';
import { SimError } from '../sim-error.ts';
import { encodeCursor, paginate, type PageQuery } from '../templates.ts';
import type { Fault, FaultEndpoint, Template } from '../types.ts';
import { verifyCallback } from '../webhooks.ts';

type Query = Record<string, string | undefined>;
type Method = 'GET' | 'POST' | 'DELETE';

interface GraphRequest {
  method: Method;
  version: string;
  node: string;
  edge: string | undefined;
  query: Query;
  body: unknown;
  req: FastifyRequest;
  reply: FastifyReply;
  baseUrl: string;
}

const PHONE_DEFAULT_FIELDS = ['id', 'display_phone_number', 'verified_name', 'quality_rating'];
const PHONE_LIST_DEFAULT_FIELDS = [
  'id',
  'display_phone_number',
  'verified_name',
  'status',
  'quality_rating',
  'code_verification_status',
  'platform_type',
  'throughput',
];
const WABA_DEFAULT_FIELDS = ['id', 'name', 'currency', 'timezone_id', 'message_template_namespace'];
const TEMPLATE_DEFAULT_FIELDS = [
  'name',
  'parameter_format',
  'components',
  'language',
  'status',
  'category',
  'id',
];

/** Splits `a,b{c,d},e` at top-level commas and drops sub-selections: `[a, b, e]`. */
export function parseFields(fields: string | undefined): string[] | undefined {
  if (fields === undefined || fields.trim() === '') return undefined;
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of fields) {
    if (ch === '{') depth += 1;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      names.push(current);
      current = '';
      continue;
    }
    if (depth === 0 && ch !== '}') current += ch;
  }
  names.push(current);
  return names.map((n) => n.trim()).filter((n) => n !== '');
}

/** Picks the requested (or default) fields; `id` always comes along, like Graph does. */
function selectFields(
  available: JsonObject,
  requested: string[] | undefined,
  defaults: string[],
  nodeType: string,
): JsonObject {
  const wanted = requested ?? defaults;
  const out: JsonObject = {};
  for (const field of wanted) {
    if (!(field in available)) {
      // Known-but-absent optional fields (e.g. webhook_configuration without a URL) are omitted.
      if (OPTIONAL_FIELDS.has(field)) continue;
      throw nonexistingField(field, nodeType);
    }
    out[field] = available[field];
  }
  if (requested && 'id' in available && !('id' in out)) out['id'] = available['id'];
  return out;
}

const OPTIONAL_FIELDS = new Set(['webhook_configuration', 'rejected_reason', 'previous_category']);

function templateFields(template: Template): JsonObject {
  return {
    name: template.name,
    parameter_format: template.parameter_format,
    components: template.components,
    language: template.language,
    status: template.status,
    category: template.category,
    id: template.id,
    ...(template.rejected_reason !== undefined && { rejected_reason: template.rejected_reason }),
    ...(template.previous_category !== undefined && {
      previous_category: template.previous_category,
    }),
    quality_score: { score: template.quality_score ?? 'UNKNOWN' },
  };
}

function bearerToken(req: FastifyRequest, query: Query, body: unknown): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim());
    return match?.[1]?.trim() || undefined;
  }
  if (query['access_token']) return query['access_token'];
  if (isRecord(body) && typeof body['access_token'] === 'string') return body['access_token'];
  return undefined;
}

function faultEndpoint(
  method: Method,
  node: ResolvedNode | undefined,
  edge: string | undefined,
): FaultEndpoint | undefined {
  if (edge === undefined) {
    switch (node?.kind) {
      case 'phone':
        return 'phone_number';
      case 'waba':
        return 'waba';
      case 'media':
        return 'media';
      case 'template':
        return 'template';
      case 'app':
      case 'upload':
      case undefined:
        return undefined;
    }
  }
  switch (edge) {
    case 'messages':
      return 'messages';
    case 'media':
      return method === 'POST' ? 'media_upload' : undefined;
    case 'phone_numbers':
      return 'phone_numbers';
    case 'message_templates':
      return 'message_templates';
    case 'subscribed_apps':
      return 'subscribed_apps';
    default:
      return undefined;
  }
}

function phoneOf(node: ResolvedNode | undefined): string | undefined {
  if (node?.kind === 'phone') return node.account.phone_number_id;
  if (node?.kind === 'media') return node.media.phone_number_id;
  return undefined;
}

function baseUrlOf(req: FastifyRequest, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.headers.host ?? `${req.hostname}`}`;
}

export function sendGraphError(reply: FastifyReply, error: unknown, trace: string): FastifyReply {
  let graphError: GraphError;
  if (error instanceof GraphError) graphError = error;
  else if (error instanceof SimError) graphError = invalidParameter(error.message);
  else {
    console.error('[graph-simulator] unexpected error:', error);
    graphError = new GraphError({
      status: 500,
      code: 1,
      message: 'An unknown error occurred',
      isTransient: true,
    });
  }
  return reply.code(graphError.status).headers(graphError.headers).send(graphError.toBody(trace));
}

export interface GraphRouteOptions {
  publicUrl: string | undefined;
}

export function registerGraphRoutes(
  app: FastifyInstance,
  core: SimulatorCore,
  options: GraphRouteOptions,
): void {
  /** Holds the request open (a `timeout` fault), then drops the connection without an answer. */
  async function holdAndDrop(reply: FastifyReply, ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        unregister();
        reply.raw.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      const unregister = core.hold(done);
      reply.raw.on('close', done);
    });
    reply.hijack();
    reply.raw.destroy();
  }

  /**
   * Holds an answer already made (a `slow` fault) for `ms`; false when the client gave up
   * meanwhile (the work is done all the same, as at Meta).
   */
  async function holdAnswer(reply: FastifyReply, ms: number): Promise<boolean> {
    let gone = false;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        unregister();
        reply.raw.off('close', gone_);
        resolve();
      };
      const gone_ = (): void => {
        gone = true;
        done();
      };
      const timer = setTimeout(done, ms);
      const unregister = core.hold(done);
      reply.raw.on('close', gone_);
    });
    return !gone && !reply.raw.destroyed;
  }

  function faultError(fault: Fault): GraphError {
    switch (fault.kind) {
      case '5xx': {
        const code = fault.code ?? 2;
        return new GraphError({
          status: fault.http_status ?? 500,
          code,
          message:
            code === 1
              ? 'An unknown error occurred'
              : 'An unexpected error has occurred. Please retry your request later.',
          isTransient: true,
        });
      }
      case '429': {
        const code = fault.code ?? 4;
        return metaError(code, {
          status: fault.http_status ?? 429,
          headers: { 'retry-after': String(fault.retry_after ?? 1) },
          withDetails: code >= 130000,
          subcode: [4, 17, 80007].includes(code) ? 2446079 : undefined,
        });
      }
      case 'error':
      case 'slow':
      case 'timeout': {
        const code = fault.code ?? 131000;
        return metaError(code, {
          status: fault.http_status,
          details: fault.details,
          withDetails: code >= 130000 || fault.details !== undefined,
        });
      }
    }
  }

  async function applyFault(fault: Fault, reply: FastifyReply): Promise<boolean> {
    // Done first, answered late: see handle().
    if (fault.kind === 'slow') return false;
    if (fault.kind === 'timeout') {
      await holdAndDrop(reply, fault.hold_ms ?? core.timeoutFaultMs);
      return true;
    }
    throw faultError(fault);
  }

  async function handle(
    req: FastifyRequest,
    reply: FastifyReply,
    withEdge: boolean,
  ): Promise<FastifyReply | undefined> {
    if (req.url.startsWith('/_sim')) {
      return reply.code(404).send({
        error: { message: `no admin route ${req.method} ${req.url.split('?')[0] ?? ''}` },
      });
    }
    const trace = traceId();
    reply.header('x-fb-trace-id', trace);
    reply.header('x-fb-request-id', requestId());
    const params = req.params as Query;
    const version = params['version'] ?? '';
    const node = params['node'] ?? '';
    const edge = withEdge ? params['edge'] : undefined;
    try {
      if (!/^v\d{1,2}\.\d$/.test(version)) {
        throw unknownPath(`/${[version, node, edge].filter(Boolean).join('/')}`);
      }
      reply.header('facebook-api-version', version);
      const method = req.method as Method;
      const query = (req.query ?? {}) as Query;
      const resolved = core.resolveNode(node);
      const fault = core.takeFault({
        endpoint: faultEndpoint(method, resolved, edge),
        phoneNumberId: phoneOf(resolved),
      });
      if (fault && (await applyFault(fault, reply))) return undefined;
      const body = method === 'POST' && !req.isMultipart() ? req.body : undefined;
      // The upload's bytes go with `Authorization: OAuth <token>`, as Meta's guide says.
      if (resolved?.kind === 'upload' && !/^OAuth\s/i.test(req.headers.authorization ?? '')) {
        throw new GraphError({
          status: 401,
          code: 190,
          message: 'An upload session takes its access token as "Authorization: OAuth <token>".',
        });
      }
      const scope = core.authenticate(
        bearerToken(req, query, Buffer.isBuffer(body) ? undefined : body),
      );
      if (!resolved || !core.canAccess(scope, resolved)) throw unsupportedRequest(method, node);
      const request: GraphRequest = {
        method,
        version,
        node,
        edge,
        query,
        body,
        req,
        reply,
        baseUrl: baseUrlOf(req, options.publicUrl),
      };
      const result = await dispatch(request, resolved, scope);
      if (
        fault?.kind === 'slow' &&
        !(await holdAnswer(reply, fault.hold_ms ?? core.timeoutFaultMs))
      )
        return undefined;
      return reply.code(200).send(result);
    } catch (error) {
      return sendGraphError(reply, error, trace);
    }
  }

  async function dispatch(r: GraphRequest, node: ResolvedNode, scope: Scope): Promise<JsonObject> {
    const fields = parseFields(r.query['fields']);
    if (r.edge === undefined) {
      switch (node.kind) {
        case 'phone':
          if (r.method === 'GET') {
            return selectFields(
              core.phoneNumberFields(node.account),
              fields,
              PHONE_DEFAULT_FIELDS,
              'WhatsAppBusinessPhoneNumber',
            );
          }
          break;
        case 'waba':
          if (r.method === 'GET') {
            return selectFields(
              core.wabaFields(node.wabaId),
              fields,
              WABA_DEFAULT_FIELDS,
              'WhatsAppBusinessAccount',
            );
          }
          break;
        case 'media': {
          const owner = r.query['phone_number_id'];
          if (owner !== undefined && owner !== node.media.phone_number_id) break;
          if (r.method === 'GET') return core.mediaInfo(node.media, r.baseUrl);
          if (r.method === 'DELETE') {
            core.deleteMedia(node.media.id);
            return { success: true };
          }
          break;
        }
        case 'template':
          if (r.method === 'GET') {
            return selectFields(
              templateFields(node.template),
              fields,
              TEMPLATE_DEFAULT_FIELDS,
              'WhatsAppMessageTemplate',
            );
          }
          if (r.method === 'POST') return core.editTemplateFromGraph(node.template.id, r.body);
          break;
        case 'upload':
          if (r.method === 'GET') return { id: node.session.id, file_offset: node.session.offset };
          if (r.method === 'POST') {
            const header = r.req.headers['file_offset'];
            return core.uploads.append(
              node.session,
              Array.isArray(header) ? header[0] : header,
              Buffer.isBuffer(r.body) ? r.body : Buffer.alloc(0),
            );
          }
          break;
        case 'app':
          break;
      }
      throw unsupportedRequest(r.method, r.node);
    }

    if (node.kind === 'phone') {
      const account = node.account;
      if (r.edge === 'messages' && r.method === 'POST') return core.send(account, r.body);
      if (r.edge === 'media' && r.method === 'POST') return upload(r, account.phone_number_id);
    }
    if (node.kind === 'waba') {
      const wabaId = node.wabaId;
      if (r.edge === 'phone_numbers' && r.method === 'GET') {
        const rows = core.wabaPhoneNumbers(wabaId);
        const page = paginate(rows, (row) => row.seq, r.query as PageQuery, 25, 100);
        return pageBody(
          r,
          page.items.map((row) =>
            selectFields(
              core.phoneNumberFields(row.account),
              fields,
              PHONE_LIST_DEFAULT_FIELDS,
              'WhatsAppBusinessPhoneNumber',
            ),
          ),
          page.items.map((row) => row.seq),
          page,
        );
      }
      if (r.edge === 'message_templates') {
        if (r.method === 'GET') return listTemplates(r, wabaId, fields);
        if (r.method === 'POST') return core.createTemplateFromGraph(wabaId, r.body);
        if (r.method === 'DELETE') {
          core.deleteTemplatesFromGraph(wabaId, r.query['name'], r.query['hsm_id']);
          return { success: true };
        }
      }
      if (r.edge === 'subscribed_apps') return subscribedApps(r, wabaId);
    }
    if (node.kind === 'app' && r.edge === 'uploads' && r.method === 'POST') {
      return core.uploads.start(node.appId, scope.token, r.query);
    }
    if (r.method === 'GET') {
      const nodeType = {
        phone: 'WhatsAppBusinessPhoneNumber',
        waba: 'WhatsAppBusinessAccount',
        media: 'WhatsAppBusinessMedia',
        template: 'WhatsAppMessageTemplate',
        app: 'Application',
        upload: 'UploadSession',
      }[node.kind];
      throw nonexistingField(r.edge, nodeType);
    }
    throw unsupportedRequest(r.method, r.node);
  }

  function pageBody(
    r: GraphRequest,
    data: JsonObject[],
    seqs: number[],
    page: { hasBefore: boolean; hasAfter: boolean },
  ): JsonObject {
    if (data.length === 0) return { data: [] };
    const first = encodeCursor(seqs[0] ?? 0);
    const last = encodeCursor(seqs[seqs.length - 1] ?? 0);
    const link = (key: 'after' | 'before', cursor: string): string => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(r.query)) {
        if (v !== undefined && !['after', 'before', 'access_token'].includes(k)) params.set(k, v);
      }
      params.set(key, cursor);
      return `${r.baseUrl}/${r.version}/${r.node}/${r.edge ?? ''}?${params.toString()}`;
    };
    return {
      data,
      paging: {
        cursors: { before: first, after: last },
        ...(page.hasAfter && { next: link('after', last) }),
        ...(page.hasBefore && { previous: link('before', first) }),
      },
    };
  }

  function listTemplates(
    r: GraphRequest,
    wabaId: string,
    fields: string[] | undefined,
  ): JsonObject {
    const list = (key: string): string[] | undefined =>
      r.query[key]
        ?.split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
    const name = r.query['name']?.toLowerCase();
    const statuses = list('status');
    const categories = list('category');
    const languages = r.query['language']?.split(',').map((s) => s.trim());
    const rows = core
      .templatePage(wabaId)
      .filter(
        ({ template: t }) =>
          (name === undefined || t.name.toLowerCase().includes(name)) &&
          (statuses === undefined || statuses.includes(t.status)) &&
          (categories === undefined || categories.includes(t.category)) &&
          (languages === undefined || languages.includes(t.language)),
      );
    const page = paginate(rows, (row) => row.seq, r.query as PageQuery, 25, 250);
    return pageBody(
      r,
      page.items.map((row) =>
        selectFields(
          templateFields(row.template),
          fields,
          TEMPLATE_DEFAULT_FIELDS,
          'WhatsAppMessageTemplate',
        ),
      ),
      page.items.map((row) => row.seq),
      page,
    );
  }

  async function subscribedApps(r: GraphRequest, wabaId: string): Promise<JsonObject> {
    if (r.method === 'GET') {
      return {
        data: core.isSubscribed(wabaId)
          ? [
              {
                whatsapp_business_api_data: {
                  id: '100000000000999',
                  link: 'https://www.facebook.com/games/?app_id=100000000000999',
                  name: 'Graph Simulator App',
                },
              },
            ]
          : [],
      };
    }
    if (r.method === 'DELETE') {
      core.subscribeApp(wabaId, false);
      return { success: true };
    }
    const body = isRecord(r.body) ? r.body : {};
    const uri = asString(body['override_callback_uri']) ?? r.query['override_callback_uri'];
    if (uri !== undefined) {
      const verifyToken = asString(body['verify_token']) ?? r.query['verify_token'];
      if (!verifyToken) throw missingParameter('verify_token');
      const result = await verifyCallback(uri, verifyToken);
      if (!result.ok) {
        throw new GraphError({
          status: 400,
          code: 2200,
          message: `(#2200) Callback verification failed with the following errors: ${
            result.status_code === null
              ? `curl_errno = 7; curl_error = ${result.error ?? 'connection failed'}`
              : `HTTP Status Code = ${result.status_code}; HTTP Message = ${result.body.slice(0, 100)}`
          }`,
        });
      }
      core.setWabaWebhook(wabaId, uri);
    }
    core.subscribeApp(wabaId, true);
    return { success: true };
  }

  async function upload(r: GraphRequest, phoneNumberId: string): Promise<JsonObject> {
    if (!r.req.isMultipart()) {
      throw missingParameter(
        'file',
        'Upload media as multipart/form-data with the fields messaging_product, file and type.',
      );
    }
    const fieldsSeen: Record<string, string> = {};
    let file: { data: Buffer; mimetype: string; filename: string } | undefined;
    try {
      for await (const part of r.req.parts() as AsyncIterable<Multipart>) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          if (part.fieldname === 'file' && !file) {
            file = { data, mimetype: part.mimetype, filename: part.filename };
          }
        } else if (typeof part.value === 'string') {
          fieldsSeen[part.fieldname] = part.value;
        }
      }
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'FST_REQ_FILE_TOO_LARGE') {
        throw metaError(131053, {
          details: `File too large: the largest supported file is ${MAX_UPLOAD_BYTES} bytes.`,
        });
      }
      throw invalidParameter(
        'Invalid parameter',
        `Could not read the multipart body: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const product = fieldsSeen['messaging_product'];
    if (product === undefined)
      throw missingParameter('messaging_product', 'The parameter messaging_product is required.');
    if (product !== 'whatsapp') {
      throw invalidParameter(
        `Param messaging_product must be one of {WHATSAPP} - got "${product}".`,
      );
    }
    if (!file) throw missingParameter('file', 'The parameter file is required.');
    const declared = fieldsSeen['type'];
    const partType =
      file.mimetype && file.mimetype !== 'application/octet-stream' ? file.mimetype : undefined;
    if (declared !== undefined && partType !== undefined && declared !== partType) {
      throw metaError(131053, {
        details: `Media MIME type mismatch: type is '${declared}' but the file part is '${partType}'.`,
      });
    }
    const mimeType = declared ?? partType;
    if (!mimeType)
      throw missingParameter('type', 'The parameter type (the MIME type of the file) is required.');
    const media = core.uploadMedia(phoneNumberId, mimeType, file.data, file.filename || undefined);
    return { id: media.id };
  }

  for (const [url, withEdge] of [
    ['/:version/:node', false],
    ['/:version/:node/:edge', true],
  ] as const) {
    app.route({
      method: ['GET', 'POST', 'DELETE'],
      url,
      handler: (req, reply) => handle(req, reply, withEdge),
    });
  }

  // Media download: the URL returned by GET /{media-id}, with the same bearer token.
  const download = async (
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> => {
    const trace = traceId();
    reply.header('x-fb-trace-id', trace);
    reply.header('x-fb-request-id', requestId());
    try {
      const query = (req.query ?? {}) as Query;
      const check = verifyMediaUrl(query, core.mediaKey, Date.now());
      const media = check.ok ? core.getMedia(check.mediaId) : undefined;
      const fault = core.takeFault({
        endpoint: 'media_download',
        phoneNumberId: media?.phone_number_id,
      });
      if (fault && (await applyFault(fault, reply))) return undefined;
      const scope = core.authenticate(bearerToken(req, query, undefined));
      if (!check.ok || !media || !core.canAccess(scope, { kind: 'media', media })) {
        const reason =
          !check.ok && check.reason === 'expired'
            ? 'URL expired: fetch a new one with GET /{media-id}'
            : 'Media not found';
        throw new GraphError({ status: 404, code: 100, message: reason });
      }
      const extension = media.mime_type.split('/')[1]?.split(/[.+-]/).pop() ?? 'bin';
      return reply
        .code(200)
        .header('content-type', media.mime_type)
        .header('content-length', String(media.data.length))
        .header(
          'content-disposition',
          `attachment; filename="${media.filename ?? `${media.id}.${extension}`}"`,
        )
        .send(media.data);
    } catch (error) {
      return sendGraphError(reply, error, trace);
    }
  };
  app.get('/whatsapp_business/attachments/', download);
  app.get('/whatsapp_business/attachments', download);
}
