// Writes the OpenAPI document to backend/openapi.json (npm run openapi). The Angular client is
// generated from that file, and a test fails when it no longer matches the code.
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApiSpec } from './openapi-spec.js';

const target = resolve(dirname(fileURLToPath(import.meta.url)), '../../openapi.json');
writeFileSync(target, await buildOpenApiSpec());
console.log(`OpenAPI spec written to ${target}`);
