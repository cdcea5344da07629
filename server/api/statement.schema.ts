import { z } from 'zod';
import { DATE_PRECISIONS, ROLE_CATEGORIES, SOURCE_TYPES, STANCES, STATEMENT_KINDS } from '../../data/archive.types.js';
import { PROVENANCE_VIAS } from '../../data/import/import.schema.js';
import { VERBATIM_STATUSES } from '../../data/verbatim.js';

// The response shapes of the JSON API (SPEC §4) as zod schemas: the JSON mappers return their
// types, and /api/openapi.json is generated from them (server/api/openapi.document.ts). Objects are
// strict, so the document says exactly which fields an answer has. `id` in meta names the
// component the document refers to.

/** A value or null. A union, not .nullable(): the generator would AND a registered schema with null. */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

const text = (description: string) => z.string().meta({ description });
const nullableText = (description: string) => orNull(z.string()).meta({ description });

export const idJson = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
export const urlJson = z.string().meta({ description: 'An absolute URL.' });
/** YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source is. */
export const partialDateJson = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/);
export const datePrecisionJson = z.enum(DATE_PRECISIONS).meta({ id: 'DatePrecision' });
export const countJson = z.number().int().min(0);

export const entityRefJson = z.strictObject({ id: idJson, name: z.string() }).meta({ id: 'EntityRef' });

export const sourceRefJson = z
  .strictObject({
    id: idJson,
    type: z.enum(SOURCE_TYPES),
    title: nullableText('The headline or document title.'),
    outlet: nullableText('Who published it (a newspaper, a board).'),
    author: orNull(z.string()),
    url: orNull(z.string()).meta({ description: 'Where it was published.' }),
    published_on: orNull(partialDateJson),
  })
  .meta({ id: 'SourceRef', description: 'Where the words were published or recorded.' });

export const positionJson = z
  .strictObject({
    char_start: orNull(countJson),
    char_end: orNull(countJson),
    time_start: orNull(z.number().min(0)),
    time_end: orNull(z.number().min(0)),
  })
  .meta({ id: 'Position', description: 'Where in the source: character offsets, or seconds into audio or video.' });

export const statementJson = z
  .strictObject({
    id: idJson,
    url: urlJson.meta({ description: 'The permalink.' }),
    text: text('The words, verbatim for a quote or written comment.'),
    kind: z.enum(STATEMENT_KINDS),
    stance: z.enum(STANCES).meta({ description: 'Toward `measure` (unclear when none is named).' }),
    language: text('BCP 47 language tag, such as en or es.'),
    speaker: z.strictObject({
      id: idJson,
      type: z.enum(['person', 'organization']),
      name: z.string(),
      role: nullableText('The role at the time, as the source words it.'),
      role_category: orNull(z.enum(ROLE_CATEGORIES)),
      organization: orNull(entityRefJson),
    }),
    measure: orNull(z.strictObject({ id: idJson, title: z.string() })),
    meeting: orNull(
      z.strictObject({
        id: idJson,
        title: z.string(),
        body: orNull(entityRefJson),
        date: orNull(partialDateJson),
        date_precision: datePrecisionJson,
      }),
    ),
    said_on: orNull(partialDateJson),
    said_on_precision: datePrecisionJson,
    source: orNull(sourceRefJson).meta({ description: 'The primary source.' }),
    position: orNull(positionJson),
    also_in: z.array(z.strictObject({ source: sourceRefJson, position: positionJson })),
    topics: z.array(z.string()).meta({ description: 'Topic slugs.' }),
    context: nullableText('What the statement answered or followed.'),
    verified: z.boolean().meta({ description: 'A curator checked the words against the source.' }),
    verbatim_status: z
      .enum(VERBATIM_STATUSES)
      .meta({ description: 'found, not_found (the words are NOT in the stored source text) or no_source_text.' }),
    entered_via: z.enum(PROVENANCE_VIAS).meta({
      description: 'How the statement entered the archive: the seed, typed by a curator, imported, or extracted and reviewed.',
    }),
    entered_by: nullableText('Who entered it: the curator, or the imported file; null when not recorded.'),
    corrections: z.array(
      z.strictObject({
        date: partialDateJson,
        note: z.string(),
        old_text: nullableText('The words before, when the correction changed them.'),
        new_text: nullableText('The words after, when the correction changed them.'),
      }),
    ),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Statement', description: 'One thing one speaker said (a Popolo Speech); also the import format.' });

export type StatementJson = z.output<typeof statementJson>;

/** The envelope every paged list shares: how many in all, and which page this is. */
export const pageEnvelope = {
  total: countJson.meta({ description: 'How many in all, over every page.' }),
  page: z.number().int().min(1),
  per_page: z.number().int().min(1).max(100),
};

export const statementListJson = z
  .strictObject({ ...pageEnvelope, items: z.array(statementJson) })
  .meta({ id: 'StatementList', description: 'One page of every published statement, in archive order.' });
export type StatementListJson = z.output<typeof statementListJson>;

export const errorJson = z
  .strictObject({
    error: z.looseObject({
      code: z.string().meta({ description: 'invalid_parameter, not_found, retracted, search_unavailable, ...' }),
      message: z.string(),
      param: z.string().optional().meta({ description: 'The parameter at fault (400).' }),
    }),
  })
  .meta({ id: 'Error', description: 'Every error answer. A 410 also carries the retraction reason, date, speaker and source.' });
