import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImportText } from '../../data/import/import.file.js';
import { describeIssue, statementInput } from '../../data/import/import.schema.js';
import { projectRoot } from '../../data/paths.js';

// data/import.schema.json is written by hand for people and tools outside the app; the zod
// schema is what the importer enforces. Without a JSON Schema validator among the dependencies,
// these tests compare the two structurally: the same properties at every level, the same enums.

type Shape =
  | { kind: 'object'; properties: Record<string, Shape> }
  | { kind: 'array'; items: Shape }
  | { kind: 'enum'; values: string[] }
  | { kind: 'scalar' };

interface ZodLike { _zod: { def: Record<string, unknown> & { type: string } } }

function fromZod(schema: ZodLike): Shape {
  const def = schema._zod.def;
  switch (def.type) {
    case 'pipe': return fromZod(def.in as ZodLike);
    case 'optional': case 'nullable': case 'default': case 'prefault': return fromZod(def.innerType as ZodLike);
    case 'object': return {
      kind: 'object',
      properties: Object.fromEntries(Object.entries(def.shape as Record<string, ZodLike>).map(([k, v]) => [k, fromZod(v)])),
    };
    case 'array': return { kind: 'array', items: fromZod(def.element as ZodLike) };
    case 'enum': return { kind: 'enum', values: Object.values(def.entries as Record<string, string>) };
    default: return { kind: 'scalar' };
  }
}

type JsonNode = Record<string, unknown>;

function fromJsonSchema(node: JsonNode, root: JsonNode): Shape {
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/$defs/', '');
    return fromJsonSchema((root.$defs as Record<string, JsonNode>)[name] as JsonNode, root);
  }
  if (node.properties) {
    return {
      kind: 'object',
      properties: Object.fromEntries(Object.entries(node.properties as Record<string, JsonNode>).map(([k, v]) => [k, fromJsonSchema(v, root)])),
    };
  }
  if (Array.isArray(node.anyOf)) {
    const branches = (node.anyOf as JsonNode[]).filter((b) => b.type !== 'null');
    if (branches.length === 1) return fromJsonSchema(branches[0] as JsonNode, root);
  }
  if (node.type === 'array' || (Array.isArray(node.type) && node.type.includes('array'))) {
    return { kind: 'array', items: fromJsonSchema(node.items as JsonNode, root) };
  }
  if (Array.isArray(node.enum)) return { kind: 'enum', values: node.enum as string[] };
  return { kind: 'scalar' };
}

const jsonSchema = JSON.parse(readFileSync(join(projectRoot, 'data/import.schema.json'), 'utf8')) as JsonNode;
const examples = ['statements.json', 'statements.ndjson', 'statements.csv'];

describe('data/import.schema.json', () => {
  it('is a draft 2020-12 schema for an object', () => {
    expect(jsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(jsonSchema.type).toBe('object');
  });

  it('lists the same top-level properties as the zod import schema', () => {
    expect(Object.keys(jsonSchema.properties as JsonNode).sort()).toEqual(Object.keys(statementInput.shape).sort());
  });

  it('matches the zod schema at every level: nested properties, arrays and enums', () => {
    expect(fromJsonSchema(jsonSchema, jsonSchema)).toEqual(fromZod(statementInput as unknown as ZodLike));
  });

  it('requires what zod requires of a record', () => {
    const missing = statementInput.safeParse({}).error?.issues.map((i) => describeIssue(i).field).sort();
    expect([...(jsonSchema.required as string[])].sort()).toEqual(missing);
  });
});

describe('data/examples', () => {
  for (const file of examples) {
    it(`${file}: every record passes the zod import schema and uses only the JSON Schema's properties`, () => {
      const input = parseImportText(readFileSync(join(projectRoot, 'data/examples', file), 'utf8'), file);
      expect(input.statements.length).toBeGreaterThanOrEqual(3);
      for (const { row, value } of input.statements) {
        const parsed = statementInput.safeParse(value);
        expect(parsed.success, `${file} row ${row}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
        for (const key of Object.keys(value as JsonNode)) expect(Object.keys(jsonSchema.properties as JsonNode)).toContain(key);
      }
    });
  }
});
