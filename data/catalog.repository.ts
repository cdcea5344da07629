import type { Db } from './db.js';
import { prepareUpsert } from './upsert.sql.js';
import type { DatePrecision, SourceType } from './archive.types.js';

export interface PersonRow {
  id: string;
  name: string;
  sort_name: string;
}

export interface OrganizationRow {
  id: string;
  name: string;
  classification: string | null;
  state: string | null;
  ocd_id: string | null;
}

export interface MembershipRow {
  person_id: string;
  organization_id: string | null;
  role: string | null;
  role_category: string | null;
  start_date: string | null;
  end_date: string | null;
}

export interface MeetingRow {
  id: string;
  title: string;
  body_id: string | null;
  date: string | null;
  date_precision: DatePrecision;
  location: string | null;
}

export interface MeasureRow {
  id: string;
  title: string;
  body_id: string | null;
  description: string | null;
  outcome: string | null;
  decided_on: string | null;
  decided_on_precision: DatePrecision;
}

export interface SourceRow {
  id: string;
  type: SourceType;
  title: string | null;
  outlet: string | null;
  author: string | null;
  url: string | null;
  published_on: string | null;
  published_on_precision: DatePrecision;
  retrieved_on: string | null;
  text: string | null;
}

export interface TopicRow {
  slug: string;
  label: string;
  description: string | null;
}

/** People, organizations, meetings, measures, sources and topics: everything a statement refers to. */
export function createCatalogRepository(db: Db) {
  const findById = <Row>(table: string) => {
    const statement = db.prepare(`SELECT * FROM ${table} WHERE id = ?`);
    return (id: string) => statement.get(id) as Row | undefined;
  };
  const findMembership = db.prepare(
    `SELECT id FROM memberships WHERE person_id = @person_id
       AND organization_id IS @organization_id AND role IS @role`,
  );
  const insertMembership = db.prepare(
    `INSERT INTO memberships (person_id, organization_id, role, role_category, start_date, end_date)
     VALUES (@person_id, @organization_id, @role, @role_category, @start_date, @end_date)`,
  );
  const topicSlugs = db.prepare('SELECT slug FROM topics ORDER BY slug').pluck();
  const topics = db.prepare('SELECT slug, label, description FROM topics ORDER BY label');
  // Facet values are ids; these give them their names. A speaker is a person or an organization.
  const labelsOf = {
    measure: db.prepare('SELECT id, title AS label FROM measures WHERE id IN (SELECT value FROM json_each(?))'),
    speaker: db.prepare(`SELECT id, name AS label FROM people WHERE id IN (SELECT value FROM json_each(@ids))
                         UNION ALL SELECT id, name FROM organizations WHERE id IN (SELECT value FROM json_each(@ids))`),
    organization: db.prepare('SELECT id, name AS label FROM organizations WHERE id IN (SELECT value FROM json_each(?))'),
    topic: db.prepare('SELECT slug AS id, label FROM topics WHERE slug IN (SELECT value FROM json_each(?))'),
  };

  return {
    upsertPerson: prepareUpsert<PersonRow>(db, 'people', 'id', ['name', 'sort_name']),
    upsertOrganization: prepareUpsert<OrganizationRow>(db, 'organizations', 'id', ['name', 'classification', 'state', 'ocd_id']),
    upsertMeeting: prepareUpsert<MeetingRow>(db, 'meetings', 'id', ['title', 'body_id', 'date', 'date_precision', 'location']),
    upsertMeasure: prepareUpsert<MeasureRow>(db, 'measures', 'id', ['title', 'body_id', 'description', 'outcome', 'decided_on', 'decided_on_precision']),
    upsertSource: prepareUpsert<SourceRow>(db, 'sources', 'id', ['type', 'title', 'outlet', 'author', 'url', 'published_on', 'published_on_precision', 'retrieved_on', 'text']),
    upsertTopic: prepareUpsert<TopicRow>(db, 'topics', 'slug', ['label', 'description']),

    /** Records a role once; the same person, organization and role wording is the same membership. */
    ensureMembership(row: MembershipRow): boolean {
      if (findMembership.get(row) !== undefined) return false;
      insertMembership.run(row);
      return true;
    },

    findPerson: findById<PersonRow>('people'),
    findOrganization: findById<OrganizationRow>('organizations'),
    findMeeting: findById<MeetingRow>('meetings'),
    findMeasure: findById<MeasureRow>('measures'),
    findSource: findById<SourceRow>('sources'),

    /** Display names for facet values (ids), in one query per kind. */
    findLabels(kind: 'measure' | 'speaker' | 'organization' | 'topic', ids: readonly string[]): Map<string, string> {
      if (ids.length === 0) return new Map();
      const json = JSON.stringify(ids);
      const rows = (kind === 'speaker' ? labelsOf.speaker.all({ ids: json }) : labelsOf[kind].all(json)) as { id: string; label: string }[];
      return new Map(rows.map((row) => [row.id, row.label]));
    },

    listTopics(): TopicRow[] {
      return topics.all() as TopicRow[];
    },

    listTopicSlugs(): string[] {
      return topicSlugs.all() as string[];
    },
  };
}

export type CatalogRepository = ReturnType<typeof createCatalogRepository>;
