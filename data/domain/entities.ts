// The archive's entities as the rest of the code sees them (SPEC §1). Repositories map their rows
// to these; views, JSON mappers and services take these, never a row.
import type { DatePrecision, EntityRef, RoleCategory, SourceType } from '../archive.types.js';

export interface Person {
  id: string;
  name: string;
  sort_name: string;
}

export interface Organization {
  id: string;
  name: string;
  classification: string | null;
  state: string | null;
  /** Open Civic Data division id, for a district, where known. */
  ocd_id: string | null;
}

/** Whoever spoke: a person, or an organization speaking as one (a collective statement). */
export interface Speaker {
  id: string;
  type: 'person' | 'organization';
  name: string;
  sort_name: string;
}

/** A person's role in an organization over time, worded as the source words it. */
export interface Membership {
  id: number;
  person_id: string;
  organization: EntityRef | null;
  role: string | null;
  role_category: RoleCategory | null;
  start_date: string | null;
  end_date: string | null;
}

export interface Meeting {
  id: string;
  title: string;
  body: EntityRef | null;
  date: string | null;
  date_precision: DatePrecision;
  location: string | null;
}

export interface Measure {
  id: string;
  title: string;
  body: EntityRef | null;
  description: string | null;
  outcome: string | null;
  decided_on: string | null;
  decided_on_precision: DatePrecision;
}

/** A source's metadata. Its stored text (someone else's writing) is read on its own, where needed. */
export interface Source {
  id: string;
  type: SourceType;
  title: string | null;
  outlet: string | null;
  author: string | null;
  url: string | null;
  published_on: string | null;
  published_on_precision: DatePrecision;
  retrieved_on: string | null;
}

export interface Topic {
  slug: string;
  label: string;
  description: string | null;
}

/** Which rows of a list a page shows. */
export interface PageWindow {
  offset: number;
  limit: number;
}
