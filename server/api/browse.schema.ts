import { z } from 'zod';
import { ROLE_CATEGORIES, SOURCE_TYPES, STANCES } from '../../data/archive.types.js';
import {
  countJson,
  datePrecisionJson,
  entityRefJson,
  idJson,
  orNull,
  pageEnvelope,
  partialDateJson,
  statementJson,
  urlJson,
} from './statement.schema.js';

// The response shapes of the speaker, organization, meeting, measure, source and topic
// endpoints, detail and list (see statement.schema.ts for how they are used).

const divisionJson = orNull(z.string().regex(/^ocd-division\//)).meta({
  description: 'The Open Civic Data division id (from the official list), where known.',
});

const statementsCount = countJson.meta({ description: 'How many published statements.' });
const pageOfStatements = { ...pageEnvelope, statements: z.array(statementJson) };
const listOf = <T extends z.ZodType>(item: T, id: string, description: string) =>
  z.strictObject({ ...pageEnvelope, items: z.array(item) }).meta({ id, description });

export const stanceCountsJson = z
  .strictObject(
    Object.fromEntries(STANCES.map((stance) => [stance, countJson])) as Record<(typeof STANCES)[number], typeof countJson>,
  )
  .meta({ id: 'StanceCounts', description: 'How many statements take each stance.' });

export const speakerListItemJson = z
  .strictObject({
    id: idJson,
    type: z.enum(['person', 'organization']),
    name: z.string(),
    sort_name: z.string(),
    url: urlJson,
    statements: statementsCount,
  })
  .meta({ id: 'SpeakerListItem' });
export const speakerListJson = listOf(speakerListItemJson, 'SpeakerList', 'One page of everyone who spoke, A-Z.');

export const speakerJson = z
  .strictObject({
    id: idJson,
    type: z.enum(['person', 'organization']),
    name: z.string(),
    sort_name: z.string(),
    url: urlJson,
    ocd_id: divisionJson,
    roles: z.array(
      z.strictObject({
        role: orNull(z.string()),
        role_category: orNull(z.enum(ROLE_CATEGORIES)),
        organization: orNull(entityRefJson),
        start_date: orNull(partialDateJson),
        end_date: orNull(partialDateJson),
      }),
    ),
    stances: z.array(
      z.strictObject({
        measure: orNull(z.strictObject({ id: idJson, title: z.string() })),
        counts: stanceCountsJson,
        total: countJson,
      }),
    ),
    ...pageOfStatements,
  })
  .meta({ id: 'Speaker', description: 'A speaker: roles over time, stances per measure, and one page of statements.' });

export const organizationJson = z
  .strictObject({
    id: idJson,
    name: z.string(),
    classification: orNull(z.string()),
    state: orNull(z.string().regex(/^[A-Z]{2}$/)),
    ocd_id: orNull(z.string()).meta({ description: 'Open Civic Data division id, for a district, where known.' }),
  })
  .meta({ id: 'Organization' });
export const organizationListJson = listOf(organizationJson, 'OrganizationList', 'One page of organizations, by name.');

export const sourceMetadataJson = z
  .strictObject({
    id: idJson,
    type: z.enum(SOURCE_TYPES),
    title: orNull(z.string()),
    outlet: orNull(z.string()),
    author: orNull(z.string()),
    url: orNull(z.string()).meta({ description: 'Where it was published.' }),
    published_on: orNull(partialDateJson),
    published_on_precision: datePrecisionJson,
    retrieved_on: orNull(partialDateJson),
    page_url: urlJson.meta({ description: "The source's page here." }),
  })
  .meta({ id: 'SourceMetadata', description: 'A source; its stored text is left out (it is someone else’s writing).' });

export const sourceJson = z
  .strictObject({ ...sourceMetadataJson.shape, ...pageOfStatements })
  .meta({ id: 'Source', description: 'A source and one page of the statements it carries, in order of position.' });
export const sourceListItemJson = z
  .strictObject({ ...sourceMetadataJson.shape, statements: statementsCount })
  .meta({ id: 'SourceListItem' });
export const sourceListJson = listOf(sourceListItemJson, 'SourceList', 'One page of sources, newest first.');

const meetingFields = {
  id: idJson,
  url: urlJson,
  title: z.string(),
  body: orNull(entityRefJson),
  date: orNull(partialDateJson),
  date_precision: datePrecisionJson,
  location: orNull(z.string()),
};
export const meetingJson = z
  .strictObject({
    ...meetingFields,
    measures: z.array(z.strictObject({ id: idJson, title: z.string() })),
    sources: z.array(sourceMetadataJson),
    ...pageOfStatements,
  })
  .meta({ id: 'Meeting', description: 'A meeting, the measures debated, its sources and one page of its testimony in order.' });
export const meetingListItemJson = z
  .strictObject({ ...meetingFields, statements: statementsCount })
  .meta({ id: 'MeetingListItem' });
export const meetingListJson = listOf(
  meetingListItemJson,
  'MeetingList',
  'One page of meetings, newest first (unknown dates last).',
);

const measureFields = {
  id: idJson,
  url: urlJson,
  title: z.string(),
  body: orNull(entityRefJson),
  description: orNull(z.string()),
  outcome: orNull(z.string()),
  decided_on: orNull(partialDateJson),
  decided_on_precision: datePrecisionJson,
  tally: stanceCountsJson,
};
export const measureJson = z
  .strictObject({
    ...measureFields,
    body: orNull(z.strictObject({ id: idJson, name: z.string(), ocd_id: divisionJson }).meta({ id: 'BodyRef' })),
    ...pageOfStatements,
  })
  .meta({ id: 'Measure', description: 'A measure, its stance tally over every statement, and one page of statements.' });
export const measureListItemJson = z
  .strictObject({ ...measureFields, statements: statementsCount })
  .meta({ id: 'MeasureListItem' });
export const measureListJson = listOf(measureListItemJson, 'MeasureList', 'One page of measures, by title.');

export const topicListItemJson = z
  .strictObject({
    slug: z.string().regex(/^[a-z0-9-]{1,64}$/),
    label: z.string(),
    description: orNull(z.string()),
    url: urlJson,
    statements: statementsCount,
  })
  .meta({ id: 'TopicListItem' });
export const topicListJson = listOf(topicListItemJson, 'TopicList', 'One page of the curated topics, by label.');

export type SpeakerListJson = z.output<typeof speakerListJson>;
export type SpeakerJson = z.output<typeof speakerJson>;
export type OrganizationListJson = z.output<typeof organizationListJson>;
export type SourceMetadataJson = z.output<typeof sourceMetadataJson>;
export type SourceJson = z.output<typeof sourceJson>;
export type SourceListJson = z.output<typeof sourceListJson>;
export type MeetingJson = z.output<typeof meetingJson>;
export type MeetingListJson = z.output<typeof meetingListJson>;
export type MeasureJson = z.output<typeof measureJson>;
export type MeasureListJson = z.output<typeof measureListJson>;
export type TopicListJson = z.output<typeof topicListJson>;
