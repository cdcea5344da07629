import { z } from 'zod';
import { FACET_NAMES, type FacetName } from '../../indexer/index-settings.js';
import { countJson, orNull, pageEnvelope, statementJson, urlJson } from './statement.schema.js';

// The response shapes of /api/search and /healthz (see statement.schema.ts for how they are used).

const facetCountsJson = z.record(z.string(), countJson).meta({ description: 'Count per value.' });

export const searchHitJson = z
  .strictObject({
    ...statementJson.shape,
    highlight: z.strictObject({
      text: z.string().meta({ description: 'The text, HTML-escaped, with the matched words in <mark>.' }),
    }),
    found_by_meaning: z.boolean().meta({
      description:
        'Ranked here by closeness in meaning to the query rather than by its words (only under sort=relevance). It may hold none of the words; total and matched_all count only statements holding them.',
    }),
  })
  .meta({ id: 'SearchHit', description: 'A Statement, and its text with the matches marked.' });

export const searchResultsJson = z
  .strictObject({
    query: z
      .strictObject({
        q: z.string(),
        ...(Object.fromEntries(FACET_NAMES.map((facet) => [facet, z.array(z.string()).optional()])) as Record<
          FacetName,
          z.ZodOptional<z.ZodArray<z.ZodString>>
        >),
        from: orNull(z.string()),
        to: orNull(z.string()),
        sort: z.enum(['relevance', 'newest', 'oldest']),
        page: z.number().int().min(1),
        per_page: z.number().int().min(1).max(100),
      })
      .meta({ description: 'The query as understood; a facet appears only when filtered on.' }),
    ...pageEnvelope,
    matched_all: countJson.meta({ description: 'How many of total match all the words (these come first).' }),
    items: z.array(searchHitJson),
    facets: z
      .strictObject(
        Object.fromEntries(FACET_NAMES.map((facet) => [facet, facetCountsJson])) as Record<FacetName, typeof facetCountsJson>,
      )
      .meta({ id: 'Facets', description: 'Exact counts per facet value; a filtered facet is counted as if it were not.' }),
    did_you_mean: z.array(
      z.strictObject({ q: z.string(), total: countJson, matched_all: countJson, url: urlJson, html_url: urlJson }),
    ),
    took_ms: countJson,
  })
  .meta({ id: 'SearchResults' });

export const healthJson = z
  .strictObject({
    status: z.enum(['ok', 'degraded']),
    db: z.enum(['ok', 'error']),
    search: z.enum(['ok', 'unavailable']),
    statements: countJson,
    indexed: orNull(countJson).meta({ description: 'Documents in the index; null when the engine did not answer.' }),
    pending: countJson.meta({ description: 'Changes not yet in the index.' }),
  })
  .meta({ id: 'Health' });

export type SearchResultsJson = z.output<typeof searchResultsJson>;
export type HealthJson = z.output<typeof healthJson>;
