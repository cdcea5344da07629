import type { Statement } from '../../data/archive.types.js';
import type { Topic } from '../../data/domain/entities.js';
import type { FindingListEntry } from '../../data/finding-list.sql.js';
import type { CuratorStatementEntry } from '../../data/statement-lists.repository.js';
import { ROLE_CATEGORIES, STANCES, STATEMENT_KINDS } from '../../data/archive.types.js';
import { provenanceLabel } from '../statements/statement-page.view.js';
import { toFieldView, today, type FieldErrors, type FieldSpec, type FieldView, type FormValues } from './admin-form.js';
import { toAdminPageView, type AdminPageView } from './admin.view.js';
import type { EntityKind } from './entity-kinds.js';
import type { Curator } from './session.js';
import { KIND_NAMES, ROLE_CATEGORY_NAMES, STANCE_NAMES } from '../../data/domain/labels.js';
import { excerpt } from '../../data/domain/text.js';
import { CONFIRM_NOT_FOUND } from './statement.form.js';
import { needsMisquoteConfirmation, verbatimStatusLabel } from '../../data/verbatim.js';

// View models of the editing pages: every label, URL, message and selected flag is computed
// here; the templates only print and loop.

export interface NoticeView {
  tone: 'success' | 'warning';
  text: string;
  link: { label: string; url: string } | null;
}

/** Where a save sends the curator back to, and what the page then says. */
export type NoticeKey = 'created' | 'saved' | 'unchanged' | 'unverified' | 'corrected' | 'retracted' | 'recheck';

const adminPath = (path: string, id?: string, action?: string) =>
  ['/admin', path, ...(id === undefined ? [] : [encodeURIComponent(id)]), ...(action ? [action] : [])].join('/');

export function editUrl(path: string, id: string): string {
  return adminPath(path, id, 'edit');
}

/** Reads the `notice` (and count `n`) a redirect after saving carried. */
export function toNoticeView(query: Record<string, unknown>, subject: string, publicUrl: string | null): NoticeView | null {
  const n = Number(query.n);
  const count = Number.isInteger(n) && n > 0 ? n : 0;
  const link = publicUrl ? { label: 'See the public page', url: publicUrl } : null;
  switch (query.notice as NoticeKey | undefined) {
    case 'created':
      return { tone: 'success', text: `The ${subject} was added.`, link };
    case 'saved':
      return { tone: 'success', text: 'Your changes were saved.', link };
    case 'unchanged':
      return { tone: 'success', text: 'Nothing was changed: the form matched what is stored.', link };
    case 'unverified':
      return {
        tone: 'warning',
        text: 'Saved, but this quote is no longer found word for word in its source; the verbatim mark was removed.',
        link,
      };
    case 'recheck':
      return count > 0
        ? {
            tone: 'warning',
            text:
              `Saved, but ${count === 1 ? '1 statement citing this source is' : `${count} statements citing this source are`}` +
              ` no longer found word for word in its stored text; the verbatim mark was removed.`,
            link,
          }
        : { tone: 'success', text: 'Your changes were saved.', link };
    case 'corrected':
      return { tone: 'success', text: 'The correction was added; it is shown above the quote on the public page.', link };
    case 'retracted':
      return {
        tone: 'warning',
        text: 'The statement was retracted; its public page now answers “410 Gone” with the reason.',
        link: null,
      };
    default:
      return null;
  }
}

export interface ListView extends AdminPageView {
  heading: string;
  q: string;
  searchLabel: string;
  searchUrl: string;
  newUrl: string;
  newLabel: string;
  items: { label: string; detail: string | null; url: string; historyUrl: string; status: string | null }[];
  countLabel: string;
}

function countLabel(n: number, limit: number, q: string): string {
  const found = n === 0 ? 'Nothing found' : `${n}${n >= limit ? '+' : ''} found`;
  return q ? `${found} for “${q}”.` : `${found}.`;
}

export function toEntityListView(
  curator: Curator,
  kind: EntityKind,
  q: string,
  rows: FindingListEntry[],
  limit: number,
): ListView {
  return {
    ...toAdminPageView(curator, kind.plural, kind.path),
    heading: kind.plural,
    q,
    searchLabel: `Find ${kind.plural.toLowerCase()}`,
    searchUrl: adminPath(kind.path),
    newUrl: adminPath(kind.path, 'new'),
    newLabel: `Add a ${kind.singular}`,
    items: rows.map((row) => ({
      label: row.label,
      detail: row.detail || null,
      url: editUrl(kind.path, row.id),
      historyUrl: adminPath(kind.path, row.id, 'history'),
      status: null,
    })),
    countLabel: countLabel(rows.length, limit, q),
  };
}

export function toStatementListView(curator: Curator, q: string, rows: CuratorStatementEntry[], limit: number): ListView {
  return {
    ...toAdminPageView(curator, 'Statements', 'statements'),
    heading: 'Statements',
    q,
    searchLabel: 'Find statements by their words or the speaker’s name',
    searchUrl: adminPath('statements'),
    newUrl: adminPath('statements', 'new'),
    newLabel: 'Add a statement',
    items: rows.map((row) => ({
      label: `“${excerpt(row.text, 140)}”`,
      detail: row.speaker_name,
      url: editUrl('statements', row.id),
      historyUrl: adminPath('statements', row.id, 'history'),
      status: row.status === 'retracted' ? 'retracted' : null,
    })),
    countLabel: countLabel(rows.length, limit, q),
  };
}

/**
 * A save refused because someone saved the same record after this form was loaded: the fields
 * where the two differ, side by side (what this curator submitted, what is stored now).
 */
export interface ConflictView {
  text: string;
  rows: { label: string; yours: string; current: string }[];
}

const EMPTY_VALUE = '(empty)';

/** How a conflict table shows a value: a choice by its label, a list joined, nothing as "(empty)". */
function shownValue(spec: FieldSpec, value: string | string[] | undefined): string {
  const list = (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v) => v !== '');
  if (list.length === 0) return EMPTY_VALUE;
  const labelOf = (v: string) => spec.options?.find((o) => o.value === v)?.label ?? v;
  return list.map(labelOf).join(', ');
}

export function toConflictView(
  specs: FieldSpec[],
  yours: FormValues,
  current: FormValues,
  changedBy: string | null,
  changedAt: string | null,
): ConflictView {
  const rows = specs
    .filter((spec) => spec.name !== 'id')
    .map((spec) => ({
      label: spec.label,
      yours: shownValue(spec, yours[spec.name]),
      current: shownValue(spec, current[spec.name]),
    }))
    .filter((row) => row.yours !== row.current);
  const who = changedBy ? ` by ${changedBy}` : '';
  const when = changedAt ? ` at ${changedAt.replace('T', ' ').slice(0, 19)} UTC` : '';
  return {
    text:
      `Not saved: this record was changed${who}${when} after you opened the form, and saving would have undone that. ` +
      'Nothing was changed. The form below now shows what is stored; your version is beside it, so you can make your changes again.',
    rows,
  };
}

/** What an edit form carries for its save's concurrency check, and the conflict a refused save shows. */
export interface EditState {
  version: number | null;
  conflict: ConflictView | null;
}

const NO_EDIT_STATE: EditState = { version: null, conflict: null };

export interface FormView extends AdminPageView, EditState {
  heading: string;
  formId: string;
  action: string;
  submitLabel: string;
  fields: FieldView[];
  /** Problems with the form as a whole, and a summary linking to each field in error. */
  errorSummary: { text: string; href: string }[];
  notice: NoticeView | null;
  links: { label: string; url: string }[];
}

function toErrorSummary(fields: FieldView[], errors: FieldErrors): FormView['errorSummary'] {
  const summary = fields
    .filter((f) => f.error)
    .map((f) => ({ text: `${f.label}: ${f.error}`, href: `#${f.control === 'checkboxes' ? (f.options[0]?.id ?? f.id) : f.id}` }));
  if (errors['']) summary.unshift({ text: errors[''], href: '#main' });
  return summary;
}

/** Where the public can see an entity, if it has a page of its own. */
export function publicUrlOf(kind: EntityKind['type'] | 'statement', id: string): string | null {
  const base = {
    statement: '/statements',
    person: '/speakers',
    meeting: '/meetings',
    measure: '/measures',
    source: '/sources',
  } as Record<string, string>;
  return base[kind] ? `${base[kind]}/${encodeURIComponent(id)}` : null;
}

export function toEntityFormView(
  curator: Curator,
  kind: EntityKind,
  specs: FieldSpec[],
  existing: { id: string; label: string } | null,
  values: FormValues,
  errors: FieldErrors,
  notice: NoticeView | null,
  edit: EditState = NO_EDIT_STATE,
): FormView {
  const formId = `${kind.singular}-form`;
  // A stored id never changes (permalinks depend on it): shown, not editable.
  const shown = existing ? specs.map((s) => (s.name === 'id' ? { ...s, readonly: true, hint: 'Ids never change.' } : s)) : specs;
  const fields = shown.map((spec) =>
    toFieldView(formId, spec, existing && spec.name === 'id' ? { ...values, id: existing.id } : values, errors),
  );
  const title = existing ? `Edit ${kind.singular}: ${existing.label}` : `Add a ${kind.singular}`;
  const publicUrl = existing ? publicUrlOf(kind.type, existing.id) : null;
  return {
    ...toAdminPageView(curator, title, kind.path),
    heading: title,
    formId,
    action: existing ? editUrl(kind.path, existing.id) : adminPath(kind.path, 'new'),
    submitLabel: existing ? 'Save changes' : `Add ${kind.singular}`,
    fields,
    ...edit,
    errorSummary: toErrorSummary(fields, errors),
    notice,
    links: existing
      ? [
          { label: 'History', url: adminPath(kind.path, existing.id, 'history') },
          ...(publicUrl ? [{ label: 'Public page', url: publicUrl }] : []),
          { label: `All ${kind.plural.toLowerCase()}`, url: adminPath(kind.path) },
        ]
      : [{ label: `All ${kind.plural.toLowerCase()}`, url: adminPath(kind.path) }],
  };
}

export interface StatementChoices {
  speakers: { value: string; label: string }[];
  organizations: { value: string; label: string }[];
  measures: { value: string; label: string }[];
  meetings: { value: string; label: string }[];
  sources: { value: string; label: string }[];
  topics: Topic[];
}

/** The statement form's fields; speakers are typed with suggestions, everything else is chosen. */
export function statementFieldSpecs(choices: StatementChoices): FieldSpec[] {
  return [
    {
      name: 'text',
      label: 'Words',
      control: 'textarea',
      required: true,
      rows: 6,
      hint: 'Exactly as the source gives them. A quote found word for word in the source’s stored text gets the verbatim mark.',
    },
    {
      name: 'kind',
      label: 'Kind',
      control: 'select',
      required: true,
      options: STATEMENT_KINDS.map((k) => ({ value: k, label: KIND_NAMES[k] })),
    },
    {
      name: 'stance',
      label: 'Stance on the measure',
      control: 'select',
      required: true,
      options: STANCES.map((s) => ({ value: s, label: STANCE_NAMES[s] })),
    },
    {
      name: 'speaker_type',
      label: 'The speaker is',
      control: 'select',
      required: true,
      options: [
        { value: 'person', label: 'a person' },
        { value: 'organization', label: 'an organization (collective statement)' },
      ],
    },
    {
      name: 'speaker',
      label: 'Speaker',
      required: true,
      listId: 'speaker-options',
      options: choices.speakers,
      hint: 'Pick from the suggestions (ids), or type a new person’s full name.',
    },
    { name: 'role', label: 'Role at the time', hint: 'As the source words it; leave empty if not given.' },
    {
      name: 'role_category',
      label: 'Role category',
      control: 'select',
      options: ROLE_CATEGORIES.map((c) => ({ value: c, label: ROLE_CATEGORY_NAMES[c] })),
    },
    { name: 'organization', label: 'Speaker’s organization', control: 'select', options: choices.organizations },
    { name: 'measure', label: 'Measure', control: 'select', options: choices.measures },
    { name: 'meeting', label: 'Meeting', control: 'select', options: choices.meetings },
    { name: 'said_on', label: 'Said on', hint: 'YYYY, YYYY-MM or YYYY-MM-DD; leave empty if unknown.' },
    { name: 'source', label: 'Source', control: 'select', options: choices.sources },
    {
      name: 'char_start',
      label: 'Starts at character',
      type: 'number',
      inputmode: 'numeric',
      hint: 'Optional; found automatically when the words are in the stored text.',
    },
    { name: 'char_end', label: 'Ends at character', type: 'number', inputmode: 'numeric' },
    { name: 'time_start', label: 'Starts at second', type: 'number', inputmode: 'decimal', hint: 'For audio and video.' },
    { name: 'time_end', label: 'Ends at second', type: 'number', inputmode: 'decimal' },
    {
      name: 'topics',
      label: 'Topics',
      control: 'checkboxes',
      options: choices.topics.map((t) => ({ value: t.slug, label: t.label })),
    },
    { name: 'context', label: 'Context', control: 'textarea', rows: 3, hint: 'What was being discussed, if the words need it.' },
    {
      name: 'correction_reason',
      label: 'Reason for the correction (public)',
      control: 'textarea',
      rows: 2,
      hint: 'Required when you change the words of a published statement: the page then shows the old and new words, the date and this reason.',
    },
    {
      name: 'confirm_not_found',
      label: 'Words not in the stored source',
      control: 'checkboxes',
      hint: 'A quote whose words are not found in its source’s stored text is shown with a red warning, and saved only when you tick this.',
      options: [{ value: CONFIRM_NOT_FOUND, label: 'Save these words although they were not found in the stored source text' }],
    },
  ];
}

export interface StatementEditView extends FormView {
  statementId: string | null;
  retracted: { on: string; reason: string } | null;
  verified: boolean | null;
  /** The verbatim status in words ("The words were NOT found in the stored source text"), and whether it warns. */
  verbatim: { label: string; warning: boolean } | null;
  provenance: string | null;
  correction: { action: string; fields: FieldView[]; errorSummary: FormView['errorSummary'] } | null;
  retraction: { action: string; fields: FieldView[]; errorSummary: FormView['errorSummary'] } | null;
  corrections: { date: string; note: string }[];
}

export interface StatementEditInput {
  curator: Curator;
  statement: Statement | null;
  choices: StatementChoices;
  values: FormValues;
  errors: FieldErrors;
  notice: NoticeView | null;
  correction?: { values: FormValues; errors: FieldErrors };
  retraction?: { values: FormValues; errors: FieldErrors };
  edit?: EditState;
}

export function toStatementEditView(input: StatementEditInput): StatementEditView {
  const { curator, statement, choices, values, errors, notice } = input;
  const fields = statementFieldSpecs(choices)
    .filter((spec) => statement !== null || spec.name !== 'correction_reason')
    .map((spec) => toFieldView('statement-form', spec, values, errors));
  const title = statement ? `Edit statement ${statement.id}` : 'Add a statement';
  const id = statement?.id ?? null;
  const correctionFields =
    (id &&
      [
        { name: 'corrected_on', label: 'Date of the correction', required: true, hint: 'YYYY-MM-DD.' },
        { name: 'note', label: 'Correction note (public)', control: 'textarea' as const, required: true, rows: 3 },
      ].map((spec) =>
        toFieldView(
          'correction-form',
          spec,
          { corrected_on: today(), ...input.correction?.values },
          input.correction?.errors ?? {},
        ),
      )) ||
    [];
  const retractionFields =
    (id &&
      [
        { name: 'reason', label: 'Reason for the retraction (public)', control: 'textarea' as const, required: true, rows: 3 },
      ].map((spec) => toFieldView('retraction-form', spec, input.retraction?.values ?? {}, input.retraction?.errors ?? {}))) ||
    [];
  const publicUrl = id && statement?.status === 'published' ? publicUrlOf('statement', id) : null;
  return {
    ...toAdminPageView(curator, title, 'statements'),
    heading: title,
    formId: 'statement-form',
    action: id ? editUrl('statements', id) : adminPath('statements', 'new'),
    submitLabel: id ? 'Save changes' : 'Add statement',
    fields,
    ...(input.edit ?? NO_EDIT_STATE),
    errorSummary: toErrorSummary(fields, errors),
    notice,
    links: id
      ? [
          { label: 'History', url: adminPath('statements', id, 'history') },
          ...(publicUrl ? [{ label: 'Public page', url: publicUrl }] : []),
          { label: 'All statements', url: adminPath('statements') },
        ]
      : [{ label: 'All statements', url: adminPath('statements') }],
    statementId: id,
    retracted:
      statement?.status === 'retracted'
        ? { on: statement.retracted_on ?? 'an unknown date', reason: statement.retraction_reason ?? 'no reason recorded' }
        : null,
    verified: statement ? statement.verified : null,
    verbatim: statement
      ? {
          label: verbatimStatusLabel(statement.verbatim_status, statement.kind),
          warning: needsMisquoteConfirmation(statement.verbatim_status, statement.kind),
        }
      : null,
    provenance: statement ? provenanceLabel(statement.provenance) : null,
    correction: id
      ? {
          action: adminPath('statements', id, 'corrections'),
          fields: correctionFields,
          errorSummary: toErrorSummary(correctionFields, input.correction?.errors ?? {}),
        }
      : null,
    retraction: id
      ? {
          action: adminPath('statements', id, 'retract'),
          fields: retractionFields,
          errorSummary: toErrorSummary(retractionFields, input.retraction?.errors ?? {}),
        }
      : null,
    corrections: statement?.corrections.map((c) => ({ date: c.date, note: c.note })) ?? [],
  };
}
