import { type OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiSpec } from '../src/openapi/openapi-spec.js';

/**
 * The naming rules of docs/api-conventions.md, checked on the generated OpenAPI document: every
 * operation id, parameter and schema property of every route, so a new route is held to them the
 * day it is written.
 */

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const VERBS = [
  'list',
  'get',
  'create',
  'update',
  'delete',
  'send',
  'upload',
  'download',
  'mark',
  'sync',
  'test',
  'verify',
  'receive',
  'stream',
  'check',
  'register',
  'login',
  'logout',
  'refresh',
  'add',
  'launch',
  'pause',
  'resume',
  'cancel',
  'export',
  'resend',
];
const OPERATION_ID = new RegExp(`^(${VERBS.join('|')})([A-Z][A-Za-z]*)?$`);
/** Names that said one thing two ways before the conventions (see the page's "Words"). */
const RETIRED = /credential|^file_size$|^size$|^display_name$|^business_account_id$/;
/** Meta's handshake query keeps Meta's names. */
const META_HANDSHAKE = /^hub\.(mode|challenge|verify_token)$/;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

type Schema = {
  properties?: Record<string, Schema>;
  items?: Schema;
  format?: string;
  allOf?: Schema[];
};

interface Named {
  /** Where the name is: `GET /api/x?query` or `SchemaName.property`. */
  readonly where: string;
  readonly name: string;
  readonly format?: string;
}

describe('API naming conventions', () => {
  let spec: OpenAPIObject;
  let operations: { where: string; id: string; path: string }[];
  let parameters: (Named & { in: string })[];
  let properties: Named[];

  beforeAll(async () => {
    spec = JSON.parse(await buildOpenApiSpec()) as OpenAPIObject;
    operations = [];
    parameters = [];
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const where = `${method.toUpperCase()} ${path}`;
        operations.push({ where, id: op.operationId ?? '', path });
        for (const p of (op.parameters ?? []) as {
          name: string;
          in: string;
          schema?: Schema;
        }[]) {
          parameters.push({ where, name: p.name, in: p.in, format: p.schema?.format });
        }
      }
    }
    properties = Object.entries(spec.components?.schemas ?? {}).flatMap(([name, schema]) =>
      propertiesOf(schema as Schema, name),
    );
  });

  function propertiesOf(schema: Schema, where: string): Named[] {
    const own = Object.entries(schema.properties ?? {}).flatMap(([name, child]) => [
      { where: `${where}.${name}`, name, format: child.format },
      ...propertiesOf(child, `${where}.${name}`),
    ]);
    const nested = [...(schema.allOf ?? []), ...(schema.items ? [schema.items] : [])];
    return [...own, ...nested.flatMap((child) => propertiesOf(child, where))];
  }

  const breaking = (names: Named[], rule: (n: Named) => boolean) =>
    names.filter((n) => !rule(n)).map((n) => `${n.where}: ${n.name}`);

  it('gives every operation a unique verb-noun id', () => {
    const ids = operations.map((op) => op.id);
    expect(ids.filter((id) => !OPERATION_ID.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('writes every field, query and path parameter in snake_case', () => {
    expect(breaking(properties, (p) => SNAKE_CASE.test(p.name))).toEqual([]);
    const queryAndPath = parameters.filter((p) => p.in === 'query' || p.in === 'path');
    expect(
      breaking(queryAndPath, (p) => SNAKE_CASE.test(p.name) || META_HANDSHAKE.test(p.name)),
    ).toEqual([]);
  });

  it('names path parameters {id} for the record itself, {<record>_id} for another', () => {
    const path = parameters.filter((p) => p.in === 'path');
    expect(breaking(path, (p) => p.name === 'id' || p.name.endsWith('_id'))).toEqual([]);
  });

  it('names every UUID `id` or `<record>_id`', () => {
    const uuids = [...properties, ...parameters].filter((n) => n.format === 'uuid');
    expect(uuids.length).toBeGreaterThan(10);
    expect(breaking(uuids, (n) => n.name === 'id' || n.name.endsWith('_id'))).toEqual([]);
  });

  it('ends instants in _at, and only instants', () => {
    const instants = properties.filter((p) => p.format === 'date-time');
    expect(instants.length).toBeGreaterThan(10);
    expect(
      breaking(instants, (p) => p.name.endsWith('_at') || ['since', 'until'].includes(p.name)),
    ).toEqual([]);
    expect(
      breaking(
        properties.filter((p) => p.name.endsWith('_at')),
        (p) => p.format === 'date-time',
      ),
    ).toEqual([]);
  });

  it('asks for time ranges as since/until, never from/to (those are addresses)', () => {
    const query = parameters.filter((p) => p.in === 'query');
    expect(breaking(query, (p) => !['from', 'to'].includes(p.name))).toEqual([]);
    expect(query.some((p) => p.name === 'since')).toBe(true);
  });

  it('uses none of the retired names', () => {
    const all = [...properties, ...parameters];
    expect(breaking(all, (n) => !RETIRED.test(n.name))).toEqual([]);
    const paths = operations.map((op) => op.path).filter((path) => RETIRED.test(path));
    expect(paths).toEqual([]);
  });
});
