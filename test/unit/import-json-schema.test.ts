import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ID_PATTERN, ROLE_CATEGORIES, SOURCE_TYPES, STANCES, STATEMENT_KINDS } from '../../data/archive.types.js';
import { PARTIAL_DATE_PATTERN } from '../../data/domain/partial-date.js';
import { parseImportText } from '../../data/import/import.file.js';
import { formatImportJsonSchema, toImportJsonSchema } from '../../data/import/import.json-schema.js';
import { describeIssue, statementInput } from '../../data/import/import.schema.js';
import { projectRoot } from '../../data/paths.js';

// data/import.schema.json, for people and tools outside the app, is generated from the zod schema
// the importer enforces (`npm run schema`). These tests keep the committed file equal to what the
// generator writes, and check that it still describes the format people write.

type JsonNode = Record<string, unknown>;

const committed = readFileSync(join(projectRoot, 'data/import.schema.json'), 'utf8');
const jsonSchema = JSON.parse(committed) as JsonNode;
const properties = jsonSchema.properties as Record<string, JsonNode>;
const defs = jsonSchema.$defs as Record<string, JsonNode>;
const examples = ['statements.json', 'statements.ndjson', 'statements.csv'];

/** The schema of a property, past `anyOf: [X, null]` and `$ref`. */
function resolve(node: JsonNode): JsonNode {
  if (typeof node.$ref === 'string') return resolve(defs[node.$ref.replace('#/$defs/', '')] as JsonNode);
  const branches = Array.isArray(node.anyOf) ? (node.anyOf as JsonNode[]).filter((b) => b.type !== 'null') : [];
  if (branches.length === 1 && !node.properties) return resolve(branches[0] as JsonNode);
  return node;
}

describe('data/import.schema.json', () => {
  it('is what `npm run schema` generates from the zod import schema', () => {
    // When this fails after a change to data/import/import.schema.ts: run `npm run schema` and commit the file.
    expect(committed, 'data/import.schema.json is out of date: run `npm run schema`').toBe(formatImportJsonSchema());
  });

  it('is a draft 2020-12 schema for an object', () => {
    expect(jsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(jsonSchema.type).toBe('object');
  });

  it('lists the same top-level properties as the zod import schema', () => {
    expect(Object.keys(properties).sort()).toEqual(Object.keys(statementInput.shape).sort());
  });

  it('requires what zod requires of a record', () => {
    const missing = statementInput
      .safeParse({})
      .error?.issues.map((i) => describeIssue(i).field)
      .sort();
    expect([...(jsonSchema.required as string[])].sort()).toEqual(missing);
  });

  it('names the enums, id and date patterns and defaults the importer applies', () => {
    expect(resolve(properties.kind as JsonNode)).toMatchObject({ enum: [...STATEMENT_KINDS], default: 'quote' });
    expect(resolve(properties.stance as JsonNode)).toMatchObject({ enum: [...STANCES], default: 'unclear' });
    expect(resolve(properties.id as JsonNode).pattern).toBe(ID_PATTERN.source);
    expect(resolve(properties.said_on as JsonNode).pattern).toBe(PARTIAL_DATE_PATTERN.source);
    expect(resolve(properties.text as JsonNode)).toMatchObject({ minLength: 1, maxLength: 20_000 });
    expect(properties.also_in).toMatchObject({ type: 'array', default: [] });
    expect(properties.topics).toMatchObject({ type: 'array', default: [] });
    const speaker = resolve(properties.speaker as JsonNode);
    expect(resolve((speaker.properties as Record<string, JsonNode>).role_category as JsonNode).enum).toEqual([
      ...ROLE_CATEGORIES,
    ]);
    const source = resolve(properties.source as JsonNode);
    expect(resolve((source.properties as Record<string, JsonNode>).type as JsonNode).enum).toEqual([...SOURCE_TYPES]);
    expect((source.properties as Record<string, JsonNode>).url?.pattern).toBe('^https?://');
  });

  it('says what zod checks by refinement: a speaker, organization, measure, meeting or source needs an id or a name', () => {
    const needs = (name: string) => (defs[name]?.anyOf as { required: string[] }[]).map((r) => r.required[0]);
    expect(needs('speaker')).toEqual(['id', 'name']);
    expect(needs('organization')).toEqual(['id', 'name']);
    expect(needs('measure')).toEqual(['id', 'title']);
    expect(needs('meeting')).toEqual(['id', 'title']);
    expect(needs('source')).toEqual(['id', 'title', 'url']);
  });

  it('is generated the same way twice', () => {
    expect(toImportJsonSchema()).toEqual(toImportJsonSchema());
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
        for (const key of Object.keys(value as JsonNode)) expect(Object.keys(properties)).toContain(key);
      }
    });
  }
});
