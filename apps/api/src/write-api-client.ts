import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderClient } from '@embedding-studio/api-client';
import { OPENAPI_INFO, buildOpenApiDocument } from './http/access/openapi.js';
import { ROUTES } from './http/access/route-table.js';

// Writes the operation table of @embedding-studio/api-client from this API's OpenAPI document.
const target = fileURLToPath(new URL('../../../libs/platform/api-client/src/lib/operations.ts', import.meta.url));
writeFileSync(target, renderClient(buildOpenApiDocument(ROUTES, OPENAPI_INFO) as Parameters<typeof renderClient>[0]));
console.log(`wrote ${target}`);
