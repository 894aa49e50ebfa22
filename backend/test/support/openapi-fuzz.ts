import { type OpenAPIObject } from '@nestjs/swagger';
import fc from 'fast-check';

/**
 * Requests generated from the OpenAPI document: for every operation, valid-looking values built
 * from its schemas (examples, enums, formats, known record ids), then broken the ways a hostile
 * client breaks them. Each request carries the class of input it belongs to, for the report.
 */

type Schema = Record<string, unknown>;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Operation {
  readonly method: Method;
  /** The templated path, e.g. `/api/whatsapp/accounts/{id}`. */
  readonly path: string;
  readonly operationId: string;
  readonly parameters: readonly Parameter[];
  /** The JSON body schema, `multipart` for uploads, undefined without a body. */
  readonly body: Schema | 'multipart' | undefined;
  readonly bodyRequired: boolean;
}

interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema: Schema;
}

export interface FuzzRequest {
  /** The kind of hostile input (or `valid`), for the report. */
  readonly inputClass: string;
  readonly method: string;
  /** Sent exactly as given. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | Buffer;
}

/** Where generated values come from that the document cannot know: ids of real records. */
export interface FuzzContext {
  /** Ids that exist, by path parameter or body field name and the path they appear in. */
  knownId(name: string, path: string): string | undefined;
}

const METHODS: readonly Method[] = ['get', 'post', 'put', 'patch', 'delete'];

export function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = item[method];
      if (!op) return [];
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> })
        ?.content;
      const body = content?.['multipart/form-data']
        ? ('multipart' as const)
        : content?.['application/json']
          ? resolve(document, content['application/json'].schema ?? {})
          : undefined;
      return [
        {
          method,
          path,
          operationId: op.operationId ?? `${method} ${path}`,
          parameters: ((op.parameters ?? []) as Parameter[]).map((p) => ({
            name: p.name,
            in: p.in,
            required: Boolean(p.required),
            schema: resolve(document, p.schema ?? {}),
          })),
          body,
          bodyRequired: Boolean((op.requestBody as { required?: boolean })?.required),
        },
      ];
    }),
  );
}

function resolve(document: OpenAPIObject, schema: Schema): Schema {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const name = ref.replace('#/components/schemas/', '');
    return resolve(document, (document.components?.schemas?.[name] ?? {}) as Schema);
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf)) {
    const merged = allOf.map((s) => resolve(document, s as Schema));
    return Object.assign({}, ...merged, { ...schema, allOf: undefined }) as Schema;
  }
  const properties = schema['properties'];
  if (properties && typeof properties === 'object') {
    return {
      ...schema,
      properties: Object.fromEntries(
        Object.entries(properties).map(([k, v]) => [k, resolve(document, v as Schema)]),
      ),
    };
  }
  const items = schema['items'];
  if (items && typeof items === 'object')
    return { ...schema, items: resolve(document, items as Schema) };
  return schema;
}

// --- Hostile values --------------------------------------------------------------------------

/** Strings no person types, that break parsers, databases and displays. */
export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil\u202c',
  '\ufeff',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦'.repeat(50),
  '   ',
  '',
  '%00',
  '../../etc/passwd',
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  '9'.repeat(400),
  '-1',
  '1e309',
  '0000-01-01',
  '275760-09-14',
  'null',
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('a'.repeat(5_000), 'é'.repeat(70_000)) },
);

/** A value of the wrong kind, or a hostile one of the right kind, with its class. */
const hostileValue: fc.Arbitrary<{ value: unknown; inputClass: string }> = fc.oneof(
  hostileString.map((value) => ({
    value,
    inputClass: value.length > 1000 ? 'huge string' : 'hostile string',
  })),
  fc.constant({ value: null, inputClass: 'null' }),
  fc
    .constantFrom<unknown>(0, -1, 1.5, 2 ** 53 + 1, 1e308, -1e308, true, false, [], {}, [1, 'a'], {
      a: 1,
    })
    .map((value) => ({ value, inputClass: 'wrong type' })),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ value, inputClass: 'random JSON' })),
);

// --- Valid-looking values from schemas -------------------------------------------------------

function valueOf(
  schema: Schema,
  field: string,
  path: string,
  ctx: FuzzContext,
  depth: number,
): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [];
  if (schema['example'] !== undefined) options.push(fc.constant(schema['example']));
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues) && enumValues.length > 0) return fc.constantFrom(...enumValues);
  const type = schema['type'];
  if (type === 'string' || (type === undefined && schema['format'])) {
    const known = ctx.knownId(field, path);
    if (known) options.push(fc.constant(known));
    const format = schema['format'];
    if (format === 'uuid') options.push(fc.uuid());
    else if (format === 'email') options.push(fc.emailAddress());
    else if (format === 'date-time')
      options.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
    else if (format === 'binary') options.push(fc.constant('binary'));
    else {
      const max = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : 60;
      options.push(fc.string({ minLength: 1, maxLength: Math.min(max, 60) }));
    }
  } else if (type === 'integer' || type === 'number') {
    const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : -1000;
    const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : 1000;
    options.push(
      type === 'integer' ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true }),
    );
  } else if (type === 'boolean') {
    options.push(fc.boolean());
  } else if (type === 'array') {
    const items = (schema['items'] ?? {}) as Schema;
    if (depth < 4)
      options.push(fc.array(valueOf(items, field, path, ctx, depth + 1), { maxLength: 3 }));
  } else if (type === 'object' || schema['properties']) {
    if (depth < 4) options.push(objectOf(schema, path, ctx, depth + 1));
  }
  if (options.length === 0) options.push(fc.jsonValue({ maxDepth: 2 }));
  return fc.oneof(...options);
}

function objectOf(
  schema: Schema,
  path: string,
  ctx: FuzzContext,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  const entries = Object.entries(properties);
  if (entries.length === 0)
    return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
      maxKeys: 3,
    });
  return fc.record(
    Object.fromEntries(entries.map(([name, s]) => [name, valueOf(s, name, path, ctx, depth)])),
    { requiredKeys: entries.map(([name]) => name).filter((name) => required.has(name)) },
  );
}

// --- Breaking a valid value ------------------------------------------------------------------

/** Every place a value could be replaced: `[]` is the value itself. */
function pathsIn(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsIn(v, [...prefix, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) pathsIn(v, [...prefix, k], out);
  return out;
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value))
    return (value as unknown[]).map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  const record = value as Record<string, unknown>;
  return { ...record, [head!]: replaceAt(record[head!], rest, replacement) };
}

type BodyMutation = (
  valid: Record<string, unknown>,
  pick: number,
  hostile: { value: unknown; inputClass: string },
) => { body: string; inputClass: string; contentType?: string };

const BODY_MUTATIONS: Record<string, BodyMutation> = {
  valid: (valid) => ({ body: JSON.stringify(valid), inputClass: 'valid' }),
  replaceField: (valid, pick, hostile) => {
    const paths = pathsIn(valid).filter((p) => p.length > 0);
    if (paths.length === 0)
      return { body: JSON.stringify(hostile.value), inputClass: 'not an object' };
    return {
      body: JSON.stringify(replaceAt(valid, paths[pick % paths.length]!, hostile.value)),
      inputClass: hostile.inputClass,
    };
  },
  dropField: (valid, pick) => {
    const keys = Object.keys(valid);
    if (keys.length === 0) return { body: '{}', inputClass: 'missing field' };
    const { [keys[pick % keys.length]!]: _dropped, ...rest } = valid;
    return { body: JSON.stringify(rest), inputClass: 'missing field' };
  },
  extraField: (valid, pick, hostile) => ({
    body: JSON.stringify({
      ...valid,
      [['extra', '__proto__', 'constructor', 'x\u0000'][pick % 4]!]: hostile.value,
    }),
    inputClass: 'extra field',
  }),
  notAnObject: (_valid, _pick, hostile) => ({
    body: JSON.stringify(hostile.value) ?? 'null',
    inputClass: 'not an object',
  }),
  deepNesting: (valid, pick) => {
    const depth = [40, 200, 2500][pick % 3]!;
    const keys = Object.keys(valid);
    const key = keys[pick % Math.max(keys.length, 1)] ?? 'a';
    const nested = '['.repeat(depth) + ']'.repeat(depth);
    return {
      body: JSON.stringify({ ...valid, [key]: '__nested__' }).replace('"__nested__"', nested),
      inputClass: 'deep nesting',
    };
  },
  malformedJson: (valid, pick) => {
    const text = JSON.stringify(valid);
    const broken = [
      text.slice(0, Math.max(1, text.length - 3)),
      `${text},`,
      `{"a":1,}`,
      "{'a':1}",
      '{"a":"\\ud800"}',
      '\u0000',
      '{"a":01}',
    ][pick % 7]!;
    return { body: broken, inputClass: 'malformed JSON' };
  },
  wrongContentType: (valid, pick) => ({
    body: JSON.stringify(valid),
    inputClass: 'wrong content type',
    contentType: [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
    ][pick % 5]!,
  }),
  empty: () => ({ body: '', inputClass: 'empty body' }),
};

const MUTATION_WEIGHTS: [keyof typeof BODY_MUTATIONS, number][] = [
  ['valid', 3],
  ['replaceField', 6],
  ['dropField', 2],
  ['extraField', 1],
  ['notAnObject', 1],
  ['deepNesting', 1],
  ['malformedJson', 1],
  ['wrongContentType', 1],
  ['empty', 1],
];

// --- Paths, queries, headers ------------------------------------------------------------------

const BAD_PATH_SEGMENTS = [
  '%00',
  '%E0%A4%A',
  '%',
  '%zz',
  'a'.repeat(5000),
  '..',
  '%2e%2e',
  'null',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  '%ED%A0%80',
  '%F0%9F%99%82',
];

function pathOf(
  op: Operation,
  ctx: FuzzContext,
): fc.Arbitrary<{ path: string; inputClass?: string }> {
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return fc.constant({ path: op.path });
  return fc
    .tuple(
      ...names.map((name) =>
        fc.oneof(
          {
            weight: 6,
            arbitrary: fc.constant({ value: knownPathId(ctx, name, op.path), bad: false }),
          },
          { weight: 2, arbitrary: fc.uuid().map((value) => ({ value, bad: false })) },
          {
            weight: 2,
            arbitrary: fc.constantFrom(...BAD_PATH_SEGMENTS).map((value) => ({ value, bad: true })),
          },
        ),
      ),
    )
    .map((values) => {
      let path = op.path;
      names.forEach((name, i) => {
        const v = values[i]!;
        path = path.replace(`{${name}}`, v.bad ? v.value : encodeURIComponent(v.value));
      });
      return { path, inputClass: values.some((v) => v.bad) ? 'bad id' : undefined };
    });
}

/** A real record's id for a path parameter; a route the fuzz context does not know fails loudly. */
function knownPathId(ctx: FuzzContext, name: string, path: string): string {
  const id = ctx.knownId(name, path);
  if (id === undefined) {
    throw new Error(`The fuzz context has no record for {${name}} in ${path}: add one.`);
  }
  return id;
}

const BAD_DATES = [
  '0000-01-01',
  '-000001-01-01',
  '275760-09-14',
  '2026-02-30',
  '2026-13-01',
  '2026-11-24T25:00:00Z',
  '1969-12-31',
  '9999-12-31',
  'yesterday',
  '2026-11-24T09:30:00+99:99',
];

function queryOf(
  op: Operation,
  ctx: FuzzContext,
): fc.Arbitrary<{ query: string; inputClass?: string }> {
  const params = op.parameters.filter((p) => p.in === 'query');
  if (params.length === 0) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant({ query: '' }) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('?a=%00', '?__proto__[x]=1', '?x=' + 'a'.repeat(3000))
          .map((query) => ({ query, inputClass: 'bad query' })),
      },
    );
  }
  const one = (p: Parameter) =>
    fc.oneof(
      {
        weight: 4,
        arbitrary: valueOf(p.schema, p.name, op.path, ctx, 0).map((v) => ({
          values: [String(v)],
          bad: undefined as string | undefined,
        })),
      },
      {
        weight: 1,
        arbitrary: hostileString.map((v) => ({
          values: [v],
          bad: v.length > 1000 ? 'huge string' : 'hostile string',
        })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...BAD_DATES)
          .map((v) => ({ values: [v], bad: /from|to/.test(p.name) ? 'bad date' : 'bad query' })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(['1', '2'], ['%00'], ['-1'], ['1e400'], ['9007199254740993'])
          .map((values) => ({ values, bad: 'bad query' })),
      },
    );
  return fc
    .tuple(...params.map((p) => fc.option(one(p), { nil: undefined, freq: 3 })))
    .map((chosen) => {
      const parts: string[] = [];
      let inputClass: string | undefined;
      chosen.forEach((c, i) => {
        if (!c) return;
        const name = encodeURIComponent(params[i]!.name);
        for (const v of c.values) parts.push(`${name}=${v === '%00' ? v : encodeQueryValue(v)}`);
        inputClass ??= c.bad;
      });
      return { query: parts.length ? `?${parts.join('&')}` : '', inputClass };
    });
}

/** Percent-encodes a value, keeping lone surrogates (which encodeURIComponent refuses) as raw bytes. */
function encodeQueryValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return Buffer.from(value, 'utf16le').toString('hex').replace(/(..)/g, '%$1');
  }
}

// --- Multipart uploads -------------------------------------------------------------------------

function multipartOf(
  ctx: FuzzContext,
  path: string,
): fc.Arbitrary<{ body: Buffer; contentType: string; inputClass: string }> {
  const accountId = ctx.knownId('account_id', path) ?? '00000000-0000-4000-8000-000000000000';
  const part = (
    boundary: string,
    name: string,
    value: string,
    file?: { filename: string; type: string },
  ) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file.filename}"\r\nContent-Type: ${file.type}` : ''}\r\n\r\n${value}\r\n`;
  return fc
    .tuple(
      fc.nat(7),
      hostileString,
      fc.constantFrom('image/png', 'application/x-msdownload', 'text/plain', ''),
    )
    .map(([kind, evil, type]) => {
      const b = 'fuzzboundary';
      const full =
        part(b, 'account_id', accountId) +
        part(b, 'file', 'PNGDATA', { filename: 'a.png', type: type || 'image/png' }) +
        `--${b}--\r\n`;
      const cases: { body: string; contentType: string; inputClass: string }[] = [
        { body: full, contentType: `multipart/form-data; boundary=${b}`, inputClass: 'valid' },
        { body: full, contentType: 'multipart/form-data', inputClass: 'broken multipart' },
        {
          body: full,
          contentType: 'multipart/form-data; boundary=other',
          inputClass: 'broken multipart',
        },
        {
          body: full.slice(0, full.length / 2),
          contentType: `multipart/form-data; boundary=${b}`,
          inputClass: 'broken multipart',
        },
        {
          body: part(b, 'account_id', evil) + `--${b}--\r\n`,
          contentType: `multipart/form-data; boundary=${b}`,
          inputClass: 'hostile string',
        },
        {
          body: part(b, 'file', evil, { filename: evil, type: evil }) + `--${b}--\r\n`,
          contentType: `multipart/form-data; boundary=${b}`,
          inputClass: 'hostile string',
        },
        {
          body:
            Array.from({ length: 20 }, (_, i) => part(b, `f${i}`, 'x')).join('') + `--${b}--\r\n`,
          contentType: `multipart/form-data; boundary=${b}`,
          inputClass: 'extra field',
        },
        {
          body: '{"account_id":"x"}',
          contentType: 'application/json',
          inputClass: 'wrong content type',
        },
      ];
      const chosen = cases[kind % cases.length]!;
      return { ...chosen, body: Buffer.from(chosen.body, 'utf8') };
    });
}

// --- Whole requests ----------------------------------------------------------------------------

export interface Caller {
  readonly name: string;
  readonly headers: Record<string, string>;
}

/**
 * Requests for one operation. `callers` are who may send them (signed-in users of two
 * organizations and roles, nobody, a garbage token); `sign` signs webhook bodies like Meta.
 */
export function requestsFor(
  op: Operation,
  ctx: FuzzContext,
  callers: readonly Caller[],
  sign: (path: string, body: string) => Record<string, string> | undefined,
): fc.Arbitrary<FuzzRequest> {
  const caller = fc.constantFrom(...callers);
  const body: fc.Arbitrary<{ body?: string | Buffer; contentType?: string; inputClass: string }> =
    op.body === 'multipart'
      ? multipartOf(ctx, op.path)
      : op.body
        ? fc
            .tuple(
              objectOf(op.body, op.path, ctx, 0),
              fc.constantFrom(
                ...MUTATION_WEIGHTS.flatMap(([name, weight]) => Array<string>(weight).fill(name)),
              ),
              fc.nat(1000),
              hostileValue,
            )
            .map(([valid, mutation, pick, hostile]) =>
              BODY_MUTATIONS[mutation]!(valid, pick, hostile),
            )
        : fc.constantFrom(
            { inputClass: 'valid' },
            { inputClass: 'valid', body: '', contentType: 'application/json' },
            { inputClass: 'unexpected body', body: '{"a":1}', contentType: 'application/json' },
          );
  return fc
    .tuple(
      pathOf(op, ctx),
      queryOf(op, ctx),
      body,
      caller,
      fc.boolean(),
      fc.option(hostileString, { freq: 4 }),
    )
    .map(([path, query, payload, who, signIt, idempotencyKey]) => {
      const url = path.path + query.query;
      const headers: Record<string, string> = { ...who.headers };
      if (payload.body !== undefined)
        headers['content-type'] = payload.contentType ?? 'application/json';
      if (op.parameters.some((p) => p.name === 'Idempotency-Key') && idempotencyKey !== null) {
        headers['idempotency-key'] = encodeQueryValue(idempotencyKey).slice(0, 2000);
      }
      const signature =
        signIt && typeof payload.body === 'string' ? sign(path.path, payload.body) : undefined;
      Object.assign(headers, signature);
      const inputClass =
        path.inputClass ??
        query.inputClass ??
        (payload.inputClass !== 'valid'
          ? payload.inputClass
          : signature
            ? 'signed webhook'
            : who.name === 'anonymous' || who.name === 'garbage token'
              ? who.name
              : 'valid');
      const request: FuzzRequest = {
        inputClass,
        method: op.method.toUpperCase(),
        path: url,
        headers,
        body: payload.body,
      };
      // How fast-check shows a failing request: short, whatever the size of the input.
      return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
    });
}

/** One line saying what a request was, cut to a readable length. */
export function describeRequest(request: FuzzRequest): string {
  const body =
    typeof request.body === 'string'
      ? request.body.slice(0, 200)
      : request.body
        ? `<${request.body.length} bytes>`
        : '';
  return `${request.method} ${request.path.slice(0, 200)} [${request.inputClass}] ${body}`;
}
