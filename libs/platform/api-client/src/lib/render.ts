// Renders operations.ts (this lib's typed operation table) from the API's OpenAPI document.
// `npx nx run api:api-client` writes it; an api e2e test checks the committed file is current.

type Schema = Record<string, unknown>;

/** A TypeScript type for the JSON Schema subset the API's schemas use. */
export function tsType(schema: unknown): string {
  if (schema === true || schema === undefined) return 'unknown';
  if (typeof schema !== 'object' || schema === null) return 'unknown';
  const s = schema as Schema;
  if (Array.isArray(s['enum'])) return (s['enum'] as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(s['anyOf'])) return (s['anyOf'] as unknown[]).map(tsType).join(' | ');
  const types = Array.isArray(s['type']) ? (s['type'] as string[]) : typeof s['type'] === 'string' ? [s['type'] as string] : [];
  if (types.length === 0) return 'unknown';
  return types
    .map((t) => {
      if (t === 'string') return 'string';
      if (t === 'integer' || t === 'number') return 'number';
      if (t === 'boolean') return 'boolean';
      if (t === 'null') return 'null';
      if (t === 'array') return `Array<${tsType(s['items'])}>`;
      if (t === 'object') {
        const props = (s['properties'] ?? {}) as Record<string, unknown>;
        const required = new Set((s['required'] ?? []) as string[]);
        const fields = Object.entries(props).map(([k, v]) => `${JSON.stringify(k)}${required.has(k) ? '' : '?'}: ${tsType(v)}`);
        if (s['additionalProperties'] !== false) fields.push('[key: string]: unknown');
        return `{ ${fields.join('; ')} }`;
      }
      return 'unknown';
    })
    .join(' | ');
}

interface Operation {
  operationId: string;
  'x-scope': string;
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
}

/** The operations file: one entry per operation with its method, path, scope and input types. */
export function renderClient(document: { paths: Record<string, Record<string, Operation>> }): string {
  const entries: string[] = [];
  const types: string[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path').map((p) => `${JSON.stringify(p.name)}: string`);
      const query = params.filter((p) => p.in === 'query').map((p) => `${JSON.stringify(p.name)}?: ${tsType(p.schema)}`);
      const body = op.requestBody?.content['application/json']?.schema;
      const input = [
        pathParams.length ? `params: { ${pathParams.join('; ')} }` : '',
        query.length ? `query?: { ${query.join('; ')} }` : '',
        body === undefined ? '' : `body: ${tsType(body)}`,
      ].filter(Boolean);
      types.push(`  ${op.operationId}: ${input.length ? `{ ${input.join('; ')} }` : 'Record<string, never>'};`);
      entries.push(`  ${op.operationId}: { method: '${method.toUpperCase()}', path: '${path}', scope: '${op['x-scope']}' },`);
    }
  }
  return `// Generated from the API's OpenAPI document by npx nx run api:api-client; do not edit.

/** The input of each operation: path parameters, query and JSON body. */
export interface OperationInputs {
${types.join('\n')}
}

/** Method, path and key scope of each operation. */
export const OPERATIONS = {
${entries.join('\n')}
} as const;
`;
}
