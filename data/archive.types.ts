// Domain vocabulary of the archive (SPEC §1). Row types live beside the SQL that reads them.

import type { VerbatimStatus } from './verbatim.js';

export const STANCES = ['support', 'oppose', 'mixed', 'neutral', 'unclear'] as const;
export type Stance = (typeof STANCES)[number];

export const STATEMENT_KINDS = ['quote', 'paraphrase', 'written_comment'] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

// prettier-ignore
export const ROLE_CATEGORIES = [
  'board_member', 'district_staff', 'teacher', 'principal', 'student', 'parent', 'police',
  'union', 'advocate', 'community_member', 'elected_official', 'researcher', 'other',
] as const;
export type RoleCategory = (typeof ROLE_CATEGORIES)[number];

export const DATE_PRECISIONS = ['day', 'month', 'year', 'unknown'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export const SOURCE_TYPES = ['news_article', 'minutes', 'transcript', 'video', 'report', 'interview'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

/** Ids are kept as given by importers and curators; short, stable, URL-safe. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface EntityRef {
  id: string;
  name: string;
}

export interface SourceRef {
  id: string;
  type: SourceType;
  title: string | null;
  outlet: string | null;
  author: string | null;
  url: string | null;
  published_on: string | null;
}

export interface SourcePosition {
  char_start: number | null;
  char_end: number | null;
  time_start: number | null;
  time_end: number | null;
}

export interface StatementCorrection {
  date: string;
  note: string;
  /** The words before and after, when the correction changed them; otherwise null. */
  old_text?: string | null;
  new_text?: string | null;
}

export interface Statement {
  id: string;
  /** The store's row number: unique and stable, for walking every match of a search in order. */
  seq: number;
  text: string;
  kind: StatementKind;
  stance: Stance;
  language: string;
  speaker: {
    id: string;
    type: 'person' | 'organization';
    name: string;
    sort_name: string;
    role: string | null;
    role_category: RoleCategory | null;
    organization: EntityRef | null;
  };
  measure: { id: string; title: string } | null;
  meeting: {
    id: string;
    title: string;
    body: EntityRef | null;
    date: string | null;
    date_precision: DatePrecision;
    location: string | null;
  } | null;
  /** The district or board the statement belongs to, and its state, for facets. */
  body: EntityRef | null;
  state: string | null;
  said_on: string | null;
  said_on_precision: DatePrecision;
  source: SourceRef | null;
  position: SourcePosition | null;
  also_in: { source: SourceRef; position: SourcePosition }[];
  topics: string[];
  context: string | null;
  verified: boolean;
  /** found / not_found / no_source_text: see data/verbatim.ts. */
  verbatim_status: VerbatimStatus;
  /** Public corrections; one that changed the words keeps the words before and after. */
  corrections: StatementCorrection[];
  /** How the statement entered the archive (seed, typed by a curator, imported, extracted and reviewed) and by whom. */
  provenance: { via: 'seed' | 'typed' | 'imported' | 'extracted'; by: string | null };
  status: 'published' | 'retracted';
  retraction_reason: string | null;
  retracted_on: string | null;
  created_at: string;
  updated_at: string;
}
