import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiSpec } from '../src/openapi/openapi-spec.js';

const SPEC_FILE = join(dirname(fileURLToPath(import.meta.url)), '../openapi.json');

describe('OpenAPI document', () => {
  let current: string;
  let spec: OpenAPIObject;
  beforeAll(async () => {
    current = await buildOpenApiSpec();
    spec = JSON.parse(current) as OpenAPIObject;
  });

  it('matches the committed backend/openapi.json (run `npm run openapi` after changing the API)', () => {
    const committed = readFileSync(SPEC_FILE, 'utf8');
    expect(committed === current).toBe(true);
  });

  it('documents every route with a summary, a stable operationId, a tag and its answers', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        const op = item[method];
        if (!op) continue;
        const where = `${method.toUpperCase()} ${path}`;
        expect({ where, summary: Boolean(op.summary) }).toEqual({ where, summary: true });
        expect({ where, id: /^[a-z][A-Za-z]+$/.test(op.operationId ?? '') }).toEqual({
          where,
          id: true,
        });
        expect(ids.has(op.operationId!)).toBe(false);
        ids.add(op.operationId!);
        expect(op.tags?.length).toBeGreaterThan(0);
        const statuses = Object.keys(op.responses);
        expect({ where, success: statuses.some((s) => s.startsWith('2')) }).toEqual({
          where,
          success: true,
        });
        if (op.security?.some((s) => 'bearer' in s)) {
          expect({ where, documents401: statuses.includes('401') }).toEqual({
            where,
            documents401: true,
          });
        }
        if (op.requestBody) {
          expect({ where, documents400: statuses.includes('400') }).toEqual({
            where,
            documents400: true,
          });
        }
      }
    }
  });

  it('gives every DTO property a description or an example, and snake_case names', () => {
    const schemas = spec.components?.schemas ?? {};
    for (const [name, schema] of Object.entries(schemas)) {
      for (const [property, definition] of Object.entries(
        (schema as { properties?: Record<string, object> }).properties ?? {},
      )) {
        const where = `${name}.${property}`;
        expect({ where, snake: /^[a-z][a-z0-9_]*$/.test(property) }).toEqual({
          where,
          snake: true,
        });
        // A reference to another documented schema (directly or as array items) counts.
        const items = (definition as { items?: object }).items;
        const documented =
          'example' in definition ||
          'description' in definition ||
          '$ref' in definition ||
          'allOf' in definition ||
          (items !== undefined && '$ref' in items);
        expect({ where, documented }).toEqual({ where, documented: true });
      }
    }
  });
});
