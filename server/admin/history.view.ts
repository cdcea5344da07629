import type { Revision } from '../../data/revision.repository.js';
import type { AdminChrome } from './admin.view.js';
import type { NavLink } from './admin.view.js';

// A revision keeps whole snapshots (before and after, JSON); the history page shows only the
// fields that differ. Values are printed as text (the template escapes them).

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface HistoryEntryView {
  when: string;
  who: string;
  action: string;
  changes: FieldChange[];
}

export interface HistoryView extends AdminChrome {
  title: string;
  nav: NavLink[];
  heading: string;
  editUrl: string | null;
  entries: HistoryEntryView[];
}

const ACTION_LABELS: Record<Revision['action'], string> = {
  create: 'added',
  update: 'edited',
  correct: 'added a correction',
  retract: 'retracted',
  import: 'imported',
};

const EMPTY = '—';
const MAX_SHOWN = 1200;

/** One value as a person reads it; very long texts (a source's stored text) are cut. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  if (Array.isArray(value)) return value.length === 0 ? EMPTY : value.map((v) => formatValue(v)).join('; ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  // Revisions are JSON: anything not text prints as its JSON (a number as its digits).
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_SHOWN
    ? `${text.slice(0, MAX_SHOWN)}… (${(text.length - MAX_SHOWN).toLocaleString('en-US')} more characters)`
    : text;
}

function parseSnapshot(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { value: json };
  }
}

/** The fields whose values differ between two snapshots, in the snapshot's own order. */
export function diffSnapshots(beforeJson: string | null, afterJson: string | null): FieldChange[] {
  const before = parseSnapshot(beforeJson);
  const after = parseSnapshot(afterJson);
  const fields = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return fields
    .filter((field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null))
    .map((field) => ({ field, before: formatValue(before[field]), after: formatValue(after[field]) }));
}

export function toHistoryView(
  page: AdminChrome & { title: string; nav: NavLink[] },
  subject: { label: string; editUrl: string | null },
  revisions: Revision[],
): HistoryView {
  return {
    ...page,
    heading: `History of ${subject.label}`,
    editUrl: subject.editUrl,
    entries: revisions.map((r) => ({
      when: `${r.created_at.replace('T', ' ').slice(0, 19)} UTC`,
      who: r.user_name ?? 'system',
      action: ACTION_LABELS[r.action],
      changes: diffSnapshots(r.before_json, r.after_json),
    })),
  };
}
