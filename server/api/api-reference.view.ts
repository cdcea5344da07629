import { toAbsoluteUrl } from '../display/display.format.js';
import type { OpenApiDocument } from './openapi.document.js';

// The /api reference page: the OpenAPI document laid out for a person, server-side (no script,
// no CDN). Everything it shows is read from the document, so page and document cannot disagree.

type JsonSchema = Record<string, unknown>;

export interface TypeLabel {
  label: string;
  /** The component it names, on this page. */
  href: string | null;
}

export interface ApiReferenceView {
  title: string;
  apiStyles: true;
  canonicalUrl: string;
  description: string;
  openapiUrl: string;
  groups: {
    tag: string;
    endpoints: {
      anchorId: string;
      method: string;
      path: string;
      summary: string;
      params: { name: string; where: string; type: TypeLabel; required: boolean; description: string }[];
      responses: { status: string; description: string; media: string[]; type: TypeLabel | null }[];
    }[];
  }[];
  schemas: {
    name: string;
    anchorId: string;
    description: string;
    fields: { name: string; type: TypeLabel; required: boolean; description: string }[];
  }[];
}

const schemaAnchor = (name: string) => `schema-${name}`;
const refName = (ref: unknown) => (typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : '');
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');
const asSchema = (value: unknown): JsonSchema => (value && typeof value === 'object' ? (value as JsonSchema) : {});

/** "Statement", "string or null", "array of SearchHit", "support | oppose | …". */
export function typeLabelOf(schema: JsonSchema): TypeLabel {
  if (typeof schema.$ref === 'string') {
    const name = refName(schema.$ref);
    return { label: name, href: `#${schemaAnchor(name)}` };
  }
  const variants = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as JsonSchema[] | undefined;
  if (Array.isArray(variants)) {
    const labels = variants.map((v) => (asSchema(v).type === 'null' ? { label: 'null', href: null } : typeLabelOf(asSchema(v))));
    return { label: labels.map((l) => l.label).join(' or '), href: labels.find((l) => l.href)?.href ?? null };
  }
  if (Array.isArray(schema.enum)) return { label: schema.enum.map(String).join(' | '), href: null };
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t): t is string => typeof t === 'string');
  const labels = types.map((type): TypeLabel => {
    if (type === 'array') {
      const item = typeLabelOf(asSchema(schema.items));
      return { label: `array of ${item.label}`, href: item.href };
    }
    if (type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      const value = typeLabelOf(asSchema(schema.additionalProperties));
      return { label: `map of ${value.label}`, href: value.href };
    }
    return { label: type, href: null };
  });
  if (labels.length === 0) return { label: 'any', href: null };
  return { label: labels.map((l) => l.label).join(' or '), href: labels.find((l) => l.href)?.href ?? null };
}

/** An object's fields, with inline objects' fields under dotted names (speaker.role). */
function fieldsOf(schema: JsonSchema, prefix = ''): ApiReferenceView['schemas'][number]['fields'] {
  const properties = asSchema(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(properties).flatMap(([name, value]) => {
    const field = asSchema(value);
    const inline = inlineObject(field);
    const row = {
      name: `${prefix}${name}`,
      type: typeLabelOf(field),
      required: required.has(name),
      description: textOf(field.description),
    };
    return inline ? [row, ...fieldsOf(inline, `${prefix}${name}.`)] : [row];
  });
}

/** The object schema written in place (not a reference), also inside "or null" and arrays. */
function inlineObject(schema: JsonSchema): JsonSchema | null {
  if (schema.properties) return schema;
  const variants = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(variants)) return variants.map(asSchema).find((v) => v.properties) ?? null;
  if (schema.type === 'array') return inlineObject(asSchema(schema.items));
  return null;
}

export function toApiReferenceView(document: OpenApiDocument, baseUrl: string): ApiReferenceView {
  const groups = new Map<string, ApiReferenceView['groups'][number]['endpoints']>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, Record<string, unknown>>)) {
      const tag = (operation.tags as string[] | undefined)?.[0] ?? 'Other';
      const parameters = (operation.parameters ?? []) as JsonSchema[];
      const responses = asSchema(operation.responses);
      const endpoints = groups.get(tag) ?? [];
      groups.set(tag, endpoints);
      endpoints.push({
        anchorId: `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, ''),
        method: method.toUpperCase(),
        path,
        summary: textOf(operation.summary),
        params: parameters.map((p) => ({
          name: String(p.name),
          where: String(p.in),
          type: typeLabelOf(asSchema(p.schema)),
          required: p.required === true,
          description: textOf(p.description),
        })),
        responses: Object.entries(responses).map(([status, value]) => {
          const response = asSchema(value);
          const content = asSchema(response.content);
          const json = asSchema(content['application/json']);
          return {
            status,
            description: textOf(response.description),
            media: Object.keys(content),
            type: json.schema ? typeLabelOf(asSchema(json.schema)) : null,
          };
        }),
      });
    }
  }
  const components = asSchema(asSchema(document.components).schemas);
  return {
    title: 'API reference',
    apiStyles: true,
    canonicalUrl: toAbsoluteUrl(baseUrl, '/api'),
    description: document.info.description ?? '',
    openapiUrl: '/api/openapi.json',
    groups: [...groups].map(([tag, endpoints]) => ({ tag, endpoints })),
    schemas: Object.entries(components)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => {
        const schema = asSchema(value);
        return {
          name,
          anchorId: schemaAnchor(name),
          description: textOf(schema.description),
          fields: schema.properties
            ? fieldsOf(schema)
            : [{ name: '(value)', type: typeLabelOf(schema), required: true, description: '' }],
        };
      }),
  };
}
