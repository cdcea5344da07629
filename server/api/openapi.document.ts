import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ID_PATTERN, ROLE_CATEGORIES, SOURCE_TYPES, STANCES, STATEMENT_KINDS } from '../../data/archive.types.js';
import { PARTIAL_DATE_FORMAT } from '../../data/domain/partial-date.js';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { listPagingSchema, MAX_PER_PAGE } from '../http/paging.js';
import { MAX_QUERY_LENGTH, MAX_VALUES_PER_FACET, searchParamsSchema, SORTS } from '../search/search.query.js';
import { CITATION_FORMATS, CITATION_STYLES } from '../statements/citation.js';
import { citationQuerySchema } from '../statements/citation.routes.js';
import {
  measureJson,
  measureListJson,
  meetingJson,
  meetingListJson,
  organizationListJson,
  sourceJson,
  sourceListJson,
  speakerJson,
  speakerListJson,
  topicListJson,
} from './browse.schema.js';
import {
  measureListParams,
  meetingListParams,
  organizationListParams,
  sourceListParams,
  speakerListParams,
  topicListParams,
} from './list.query.js';
import { healthJson, searchResultsJson } from './search.schema.js';
import { errorJson, statementJson, statementListJson } from './statement.schema.js';

// The OpenAPI 3.1 document of the JSON API, generated from the zod schemas the routes parse
// requests with and the JSON mappers are typed by. Query parameters arrive as raw strings that
// the parse schemas turn into values (so a generator cannot see their JSON type): each parameter
// of a parse schema is described here, and the types insist every one is.

/** How one query parameter is documented: its JSON schema, and what it means. */
interface ParamDoc {
  description: string;
  schema: Record<string, unknown>;
  /** Repeatable (stance=support&stance=oppose). */
  repeatable?: boolean;
}

type QueryDocs<S extends z.ZodObject> = { [K in keyof S['shape']]: ParamDoc };

/** The parse schema's own parameters, each with its documentation: none can be left out. */
function documentedQuery<S extends z.ZodObject>(schema: S, docs: QueryDocs<S>): z.ZodObject {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([name, param]) => {
      const doc = (docs as Record<string, ParamDoc>)[name];
      if (!doc) throw new Error(`OpenAPI: query parameter ${name} is not documented`);
      const style = doc.repeatable ? { style: 'form', explode: true } : {};
      return [name, (param as z.ZodType).meta({ ...doc.schema, param: { description: doc.description, ...style } })];
    }),
  );
  return z.object(shape);
}

const idPattern = ID_PATTERN.source;
const partialDate = { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' };
const oneOf = (values: readonly string[]) => ({ type: 'string', enum: [...values] });
const manyOf = (items: Record<string, unknown>) => ({ type: 'array', items, maxItems: MAX_VALUES_PER_FACET });

const PAGING_DOCS = {
  page: { description: 'Which page, from 1.', schema: { type: 'integer', minimum: 1, default: 1 } },
  per_page: {
    description: `How many per page, 1-${MAX_PER_PAGE}.`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PER_PAGE, default: 20 },
  },
} satisfies Record<string, ParamDoc>;

const dateDoc = (side: 'from' | 'to', what: string): ParamDoc => ({
  description: `${side === 'from' ? 'Earliest' : 'Latest'} ${what}, as ${PARTIAL_DATE_FORMAT} (a month or year covers all of it). Unknown dates never match a range.`,
  schema: partialDate,
});

const FACET_DOCS: Record<FacetName, ParamDoc> = {
  stance: { description: 'Stance toward the measure.', schema: manyOf(oneOf(STANCES)), repeatable: true },
  measure: { description: 'Measure id.', schema: manyOf({ type: 'string', pattern: idPattern }), repeatable: true },
  speaker: { description: 'Speaker id.', schema: manyOf({ type: 'string', pattern: idPattern }), repeatable: true },
  role: { description: 'Role category of the speaker.', schema: manyOf(oneOf(ROLE_CATEGORIES)), repeatable: true },
  org: {
    description: "Id of the speaker's organization.",
    schema: manyOf({ type: 'string', pattern: idPattern }),
    repeatable: true,
  },
  body: { description: 'Id of the district or board.', schema: manyOf({ type: 'string', pattern: idPattern }), repeatable: true },
  state: {
    description: 'Two-letter state code.',
    schema: manyOf({ type: 'string', pattern: '^[A-Za-z]{2}$' }),
    repeatable: true,
  },
  topic: { description: 'Topic slug.', schema: manyOf({ type: 'string', pattern: '^[a-z0-9-]{1,64}$' }), repeatable: true },
  kind: { description: 'Kind of statement.', schema: manyOf(oneOf(STATEMENT_KINDS)), repeatable: true },
  year: { description: 'Year the words were said.', schema: manyOf({ type: 'string', pattern: '^\\d{4}$' }), repeatable: true },
};

const searchQuery = documentedQuery(searchParamsSchema, {
  q: {
    description: `The words to find (at most ${MAX_QUERY_LENGTH} characters): "quoted phrase", -excluded. Empty lists everything.`,
    schema: { type: 'string', maxLength: MAX_QUERY_LENGTH },
  },
  ...(Object.fromEntries(FACET_NAMES.map((facet) => [facet, FACET_DOCS[facet]])) as Record<FacetName, ParamDoc>),
  ocd_id: {
    description: 'An Open Civic Data division id from the official list: statements about measures of the bodies in it.',
    schema: { type: 'string', pattern: '^ocd-division/' },
  },
  from: dateDoc('from', 'date said'),
  to: dateDoc('to', 'date said'),
  sort: { description: 'relevance (the default with words), newest (without) or oldest.', schema: oneOf(SORTS) },
  ...PAGING_DOCS,
});

const idParam = (what: string) =>
  z.object({
    id: z
      .string()
      .regex(ID_PATTERN)
      .meta({ param: { description: `The ${what}'s id.` } }),
  });

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const ERRORS = {
  400: json(errorJson, 'A bad parameter: `param` names it.'),
  404: json(errorJson, 'No such thing.'),
  410: json(errorJson, 'The statement was retracted: the reason and date, never its words.'),
  429: json(errorJson, 'Too many requests from this address; try again after Retry-After seconds.'),
  503: json(errorJson, 'Search is unavailable for a moment (Retry-After); SQLite-backed endpoints still work.'),
} as const;
const errors = (...codes: (keyof typeof ERRORS)[]) => Object.fromEntries(codes.map((code) => [code, ERRORS[code]]));

function listRoute(path: string, tag: string, summary: string, query: z.ZodObject, schema: z.ZodType): RouteConfig {
  return {
    method: 'get',
    path,
    tags: [tag],
    summary,
    request: { query },
    responses: { 200: json(schema, summary), ...errors(400) },
  };
}

function detailRoute(path: string, tag: string, summary: string, schema: z.ZodType): RouteConfig {
  return {
    method: 'get',
    path,
    tags: [tag],
    summary,
    request: { params: idParam(tag.toLowerCase().replace(/s$/, '')), query: documentedQuery(listPagingSchema, PAGING_DOCS) },
    responses: { 200: json(schema, summary), ...errors(400, 404) },
  };
}

const ROUTES: RouteConfig[] = [
  {
    method: 'get',
    path: '/api/search',
    tags: ['Search'],
    summary: 'Search statements: highlighted hits, exact facet counts, corrected queries',
    request: { query: searchQuery },
    responses: { 200: json(searchResultsJson, 'One page of hits, with facets.'), ...errors(400, 429, 503) },
  },
  listRoute(
    '/api/statements',
    'Statements',
    'Every published statement, in a stable order',
    documentedQuery(listPagingSchema, PAGING_DOCS),
    statementListJson,
  ),
  {
    method: 'get',
    path: '/api/statements/{id}',
    tags: ['Statements'],
    summary: 'One statement',
    request: { params: idParam('statement') },
    responses: { 200: json(statementJson, 'The statement.'), ...errors(404, 410) },
  },
  {
    method: 'get',
    path: '/api/statements/{id}/citation',
    tags: ['Statements'],
    summary: "A statement's citation in one style or format",
    request: {
      params: idParam('statement'),
      query: documentedQuery(citationQuerySchema, {
        style: { description: 'apa, mla, chicago (text), bibtex, ris or csl-json.', schema: oneOf(CITATION_STYLES) },
        download: {
          description: '1: save as a file named after the statement id.',
          schema: { ...oneOf(['0', '1']), default: '0' },
        },
      }),
    },
    responses: {
      200: {
        description: 'The citation, in the media type of its format.',
        content: Object.fromEntries(
          [...new Set(Object.values(CITATION_FORMATS).map((f) => f.mediaType))].map((type) => [
            type,
            { schema: { type: 'string' } },
          ]),
        ),
      },
      ...errors(400, 404, 410),
    },
  },
  listRoute(
    '/api/speakers',
    'Speakers',
    'Everyone who spoke, A-Z',
    documentedQuery(speakerListParams, {
      type: { description: 'person, or organization (speaking as one).', schema: oneOf(['person', 'organization']) },
      ...PAGING_DOCS,
    }),
    speakerListJson,
  ),
  detailRoute('/api/speakers/{id}', 'Speakers', 'A speaker: roles, stances, statements', speakerJson),
  listRoute(
    '/api/organizations',
    'Organizations',
    'Districts, boards, unions, coalitions, outlets, by name',
    documentedQuery(organizationListParams, {
      classification: {
        description: 'As stored, such as school_district or union (any case).',
        schema: { type: 'string', maxLength: 100 },
      },
      state: { description: 'Two-letter state code.', schema: { type: 'string', pattern: '^[A-Za-z]{2}$' } },
      ...PAGING_DOCS,
    }),
    organizationListJson,
  ),
  listRoute(
    '/api/meetings',
    'Meetings',
    'Meetings, newest first',
    documentedQuery(meetingListParams, {
      body: { description: 'Id of the board or district that held it.', schema: { type: 'string', pattern: idPattern } },
      place: { description: 'Words the location contains (any case).', schema: { type: 'string', maxLength: 200 } },
      from: dateDoc('from', 'meeting date'),
      to: dateDoc('to', 'meeting date'),
      ...PAGING_DOCS,
    }),
    meetingListJson,
  ),
  detailRoute('/api/meetings/{id}', 'Meetings', 'A meeting and its testimony in order', meetingJson),
  listRoute(
    '/api/measures',
    'Measures',
    'Measures with their stance tallies, by title',
    documentedQuery(measureListParams, {
      body: { description: 'Id of the board or district the measure is before.', schema: { type: 'string', pattern: idPattern } },
      ...PAGING_DOCS,
    }),
    measureListJson,
  ),
  detailRoute('/api/measures/{id}', 'Measures', 'A measure: tally and statements', measureJson),
  listRoute(
    '/api/sources',
    'Sources',
    'Sources, newest first',
    documentedQuery(sourceListParams, {
      outlet: { description: 'The outlet, exactly (any case).', schema: { type: 'string', maxLength: 300 } },
      type: { description: 'Kind of source.', schema: oneOf(SOURCE_TYPES) },
      ...PAGING_DOCS,
    }),
    sourceListJson,
  ),
  detailRoute('/api/sources/{id}', 'Sources', 'A source and the statements it carries', sourceJson),
  listRoute(
    '/api/topics',
    'Topics',
    'The curated topics, by label',
    documentedQuery(topicListParams, PAGING_DOCS),
    topicListJson,
  ),
  {
    method: 'get',
    path: '/api/openapi.json',
    tags: ['Meta'],
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1.', content: { 'application/json': { schema: { type: 'object' } } } } },
  },
  {
    method: 'get',
    path: '/healthz',
    tags: ['Meta'],
    summary: 'Is the store answering, is search up, has the index caught up?',
    responses: { 200: json(healthJson, 'Health, also when degraded.') },
  },
  ...(['csv', 'ndjson'] as const).map((format): RouteConfig => ({
    method: 'get',
    path: `/export/search.${format}`,
    tags: ['Exports'],
    summary: `Every match of a search, streamed as ${format === 'csv' ? 'CSV (columns in the README)' : 'NDJSON (one Statement per line)'}`,
    request: { query: searchQuery },
    responses: {
      200: {
        description:
          format === 'csv'
            ? 'A header row, then one statement per row; re-imports with `onrecord import`.'
            : 'One Statement JSON (#/components/schemas/Statement) per line; re-imports with `onrecord import`.',
        content: { [format === 'csv' ? 'text/csv' : 'application/x-ndjson']: { schema: { type: 'string' } } },
      },
      ...errors(400, 429, 503),
    },
  })),
  {
    method: 'get',
    path: '/export/popolo.json',
    tags: ['Exports'],
    summary: 'The whole archive as Popolo JSON (people, organizations, memberships, events, motions, speeches)',
    responses: {
      200: {
        description:
          'One Popolo document, streamed from a snapshot: valid against the popolo-spec schemas, with partial dates and ' +
          'On Record facts in named extension fields (README, "Popolo export"); without the sources’ stored text. Re-imports with `onrecord import`.',
        content: { 'application/json': { schema: { type: 'object' } } },
      },
      ...errors(429),
    },
  },
  {
    method: 'get',
    path: '/feeds/search.atom',
    tags: ['Exports'],
    summary: 'The newest matches of a search, as an Atom feed',
    request: { query: searchQuery },
    responses: {
      200: { description: 'Atom 1.0.', content: { 'application/atom+xml': { schema: { type: 'string' } } } },
      ...errors(400, 429, 503),
    },
  },
];

/** The API's OpenAPI 3.1 document, with BASE_URL as its server. */
export function buildOpenApiDocument(baseUrl: string) {
  const registry = new OpenAPIRegistry();
  for (const route of ROUTES) registry.registerPath(route);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'On Record API',
      version: '1',
      description:
        'Public comment and testimony, searchable and citable. Read-only JSON; every list is paged (page, per_page). ' +
        'Bad parameters get a 400 naming the parameter; a parameter an endpoint does not know is one too.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: baseUrl }],
  });
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
