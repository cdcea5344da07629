import { ROLE_CATEGORIES, STANCES } from '../../data/archive.types.js';
import type { QueuedSource } from '../../data/candidate.repository.js';
import { isLowConfidence } from '../ingest/quote-extractor.js';
import { suggestStance } from '../ingest/stance-suggestion.js';
import type { ReviewChoices, ReviewItem, ReviewSource } from '../services/review-queue.service.js';
import { pluralize, toSafeHref } from '../display/display.format.js';
import { toErrorSummary, toFieldView, type FieldErrors, type FieldSpec, type FieldView, type FormValues } from './admin-form.js';
import { toAdminPageView, type AdminPageView } from './admin.view.js';
import type { NoticeView } from './editing.view.js';
import type { Curator } from './session.js';
import { ROLE_CATEGORY_NAMES, STANCE_NAMES } from '../../data/domain/labels.js';
import { excerpt } from '../../data/domain/text.js';

// View models of /admin/review (the ingest page's is ingest.admin.view.ts): every label, URL and selected flag is
// computed here; the templates only print (escaped) and loop.

export interface CandidateView {
  id: number;
  formId: string;
  heading: string;
  /** The passage around the quote: the template marks `quote` between `before` and `after`. */
  context: { before: string; quote: string; after: string };
  proposed: string;
  /** "Paraphrase: the reporter's words, not the speaker's" for a paraphrase, else null. */
  kindNote: string | null;
  /** "Read from: “Villanueva said”", or null when the extractor kept none. */
  evidence: string | null;
  /** "Confidence 0.45 (low: check the speaker)"; null for candidates queued before confidence was kept. */
  confidenceLabel: string | null;
  lowConfidence: boolean;
  /** Stances the words suggest toward each measure, with their cue words; never applied for the curator. */
  stanceSuggestions: string[];
  timeLabel: string | null;
  match: { statementId: string; url: string; text: string; action: string } | null;
  acceptAction: string;
  rejectAction: string;
  fields: FieldView[];
  topics: FieldView;
  errorSummary: { text: string; href: string }[];
}

export interface ReviewGroupView {
  heading: string;
  details: string;
  publicUrl: string;
  href: string | null;
  candidates: CandidateView[];
}

export interface ReviewPageView extends AdminPageView {
  heading: string;
  pendingLabel: string;
  notice: NoticeView | null;
  /** A refused decision about a candidate no longer in the list (e.g. decided in another tab). */
  pageError: string | null;
  queue: { label: string; url: string; current: boolean }[];
  groups: ReviewGroupView[];
  emptyMessage: string | null;
  /** The "add a measure" form: where it posts and the document to come back to. */
  newMeasure: { action: string; source: string };
}

/** A failed decision, shown at the candidate it concerns with what the curator had typed. */
export interface ReviewFormState {
  candidateId: number;
  values: FormValues;
  errors: FieldErrors;
}

const CONTEXT_CHARACTERS = 280;

/**
 * The quote's paragraph, or up to about CONTEXT_CHARACTERS on each side of the quote cut at a
 * word, with "…" where the passage was cut.
 */
export function contextAround(text: string, start: number, end: number): { before: string; quote: string; after: string } {
  let from = Math.max(0, start - CONTEXT_CHARACTERS);
  let cutBefore = false;
  const paragraphStart = text.lastIndexOf('\n\n', start);
  if (paragraphStart >= 0 && paragraphStart + 2 >= from) from = paragraphStart + 2;
  else if (from > 0) {
    from = text.indexOf(' ', from) + 1 || from;
    cutBefore = true;
  }
  let to = Math.min(text.length, end + CONTEXT_CHARACTERS);
  let cutAfter = false;
  const paragraphEnd = text.indexOf('\n\n', end);
  if (paragraphEnd >= 0 && paragraphEnd <= to) to = paragraphEnd;
  else if (to < text.length) {
    to = Math.max(end, text.lastIndexOf(' ', to));
    cutAfter = true;
  }
  return {
    before: (cutBefore ? '…' : '') + text.slice(from, start),
    quote: text.slice(start, end),
    after: text.slice(end, to).trimEnd() + (cutAfter ? '…' : ''),
  };
}

function formatClock(seconds: number): string {
  const total = Math.floor(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * "Suggested toward “Resolution to end the SRO contract”: Opposes (cues: “keep”)": for each measure
 * (at most eight), when the words point one way. The curator still picks the stance in the form.
 */
export function toStanceSuggestions(text: string, measures: readonly { label: string }[]): string[] {
  return measures.slice(0, 8).flatMap((measure) => {
    const suggestion = suggestStance(text, { title: measure.label });
    if (suggestion.stance === 'unclear') return [];
    const cues = suggestion.cues.map((cue) => `“${cue.words}”`).join(', ');
    return [`Suggested toward “${measure.label}”: ${STANCE_NAMES[suggestion.stance]} (cues: ${cues})`];
  });
}

const candidateAction = (id: number, action: string) => `/admin/review/${id}/${action}`;

function toCandidateView(item: ReviewItem, choices: ReviewChoices, state: ReviewFormState | undefined): CandidateView {
  const { candidate } = item;
  const formId = `candidate-${candidate.id}`;
  const values: FormValues =
    state?.candidateId === candidate.id
      ? state.values
      : { speaker_name: candidate.speaker_name ?? '', role: candidate.role ?? '', stance: 'unclear', topics: [] };
  const errors = state?.candidateId === candidate.id ? state.errors : {};
  const specs: FieldSpec[] = [
    { name: 'speaker_name', label: 'Speaker', required: true, hint: 'Full name; an existing person with this name is used.' },
    { name: 'role', label: 'Role, as the source words it' },
    {
      name: 'role_category',
      label: 'Role category',
      control: 'select',
      options: ROLE_CATEGORIES.map((c) => ({ value: c, label: ROLE_CATEGORY_NAMES[c] })),
    },
    {
      name: 'stance',
      label: 'Stance',
      control: 'select',
      required: true,
      options: STANCES.map((s) => ({ value: s, label: STANCE_NAMES[s] })),
    },
    {
      name: 'measure',
      label: 'Measure',
      control: 'select',
      emptyLabel: '— none named —',
      options: choices.measures.map((m) => ({ value: m.id, label: m.label })),
    },
    {
      name: 'meeting',
      label: 'Meeting',
      control: 'select',
      emptyLabel: '— none named —',
      options: choices.meetings.map((m) => ({ value: m.id, label: m.label })),
    },
    { name: 'said_on', label: 'Said on', hint: 'YYYY-MM-DD, YYYY-MM or YYYY; leave empty if the source does not say.' },
  ];
  const fields = specs.map((spec) => toFieldView(formId, spec, values, errors));
  const topics = toFieldView(
    formId,
    {
      name: 'topics',
      label: 'Topics',
      control: 'checkboxes',
      options: choices.topics.map((t) => ({ value: t.slug, label: t.label })),
    },
    values,
    errors,
  );
  const speaker = candidate.speaker_name ?? 'speaker not found in the text';
  const timeLabel =
    candidate.time_start === null
      ? null
      : `at ${formatClock(candidate.time_start)}${candidate.time_end === null ? '' : `–${formatClock(candidate.time_end)}`} in the recording`;
  return {
    id: candidate.id,
    formId,
    heading: `${candidate.speaker_name ?? 'Unknown speaker'}: “${excerpt(candidate.text, 80)}”`,
    context: contextAround(item.sourceText, candidate.char_start, candidate.char_end),
    proposed: `Proposed: ${speaker}${candidate.role ? `, ${candidate.role}` : ''} (${candidate.kind})`,
    kindNote: candidate.kind === 'paraphrase' ? "Paraphrase: the reporter's words, not the speaker's" : null,
    evidence: candidate.evidence ? `Read from: “${candidate.evidence}”` : null,
    confidenceLabel:
      candidate.confidence === null
        ? null
        : `Confidence ${candidate.confidence.toFixed(2)}${isLowConfidence({ confidence: candidate.confidence }) ? ' (low: check the speaker)' : ''}`,
    lowConfidence: candidate.confidence !== null && isLowConfidence({ confidence: candidate.confidence }),
    stanceSuggestions: toStanceSuggestions(candidate.text, choices.measures),
    timeLabel,
    match: item.matchedStatement
      ? {
          statementId: item.matchedStatement.id,
          url: `/statements/${encodeURIComponent(item.matchedStatement.id)}`,
          text: excerpt(item.matchedStatement.text, 300),
          action: candidateAction(candidate.id, 'merge'),
        }
      : null,
    acceptAction: candidateAction(candidate.id, 'accept'),
    rejectAction: candidateAction(candidate.id, 'reject'),
    fields,
    topics,
    errorSummary: toErrorSummary([...fields, topics], errors, `#${formId}`),
  };
}

export type ReviewDone = 'accepted' | 'merged' | 'rejected' | 'ingested' | 'measure-created' | 'measure-refused';

/** What the redirect after a decision (or an ingest) says. */
export function toReviewNotice(query: Record<string, unknown>): NoticeView | null {
  const statement = typeof query.statement === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(query.statement) ? query.statement : null;
  const link = statement ? { label: 'See the public page', url: `/statements/${encodeURIComponent(statement)}` } : null;
  const n = Number(query.n);
  const count = Number.isInteger(n) && n >= 0 ? n : 0;
  const matches = Number.isInteger(Number(query.m)) ? Number(query.m) : 0;
  switch (query.done as ReviewDone | undefined) {
    case 'accepted':
      return query.unverified === '1'
        ? {
            tone: 'warning',
            text:
              'Accepted, but its words were not found verbatim in the stored source text,' +
              ' so it carries no verbatim mark. Check it on its edit page.',
            link,
          }
        : { tone: 'success', text: 'Accepted: the statement was added to the archive and is searchable in a moment.', link };
    case 'merged':
      return { tone: 'success', text: 'Merged: this source was added to the existing statement.', link };
    case 'rejected':
      return { tone: 'success', text: 'Rejected: nothing was added to the archive.', link: null };
    case 'measure-created':
      return { tone: 'success', text: 'Measure created: choose it in a candidate’s Measure list.', link: null };
    case 'measure-refused':
      return { tone: 'warning', text: 'No measure was created: enter its title (at most 500 characters).', link: null };
    case 'ingested':
      return {
        tone: count === 0 ? 'warning' : 'success',
        text:
          count === 0
            ? 'The document was stored, but no candidate statements were found in it.'
            : `The document was stored: ${pluralize(count, 'candidate statement')}` +
              ` queued for review${matches > 0 ? `, ${matches} of them matching statements already in the archive` : ''}.`,
        link: null,
      };
    default:
      return null;
  }
}

export function toReviewPageView(input: {
  curator: Curator;
  sourceId: string | null;
  items: ReviewItem[];
  sources: Map<string, ReviewSource>;
  queued: QueuedSource[];
  pending: number;
  choices: ReviewChoices;
  notice: NoticeView | null;
  state?: ReviewFormState;
}): ReviewPageView {
  const groups: ReviewGroupView[] = [];
  for (const item of input.items) {
    const sourceId = item.candidate.source_id;
    let group = groups.find((g) => g.publicUrl === `/sources/${encodeURIComponent(sourceId)}`);
    if (!group) {
      const source = input.sources.get(sourceId);
      group = {
        heading: source?.title ?? sourceId,
        details: [source?.type === 'transcript' ? 'Transcript' : 'News article', source?.outlet].filter(Boolean).join(' · '),
        publicUrl: `/sources/${encodeURIComponent(sourceId)}`,
        href: toSafeHref(source?.url ?? null),
        candidates: [],
      };
      groups.push(group);
    }
    group.candidates.push(toCandidateView(item, input.choices, input.state));
  }
  return {
    ...toAdminPageView(input.curator, 'Review queue', 'review'),
    heading: 'Review queue',
    pendingLabel:
      input.pending === 0
        ? 'Nothing waits for review.'
        : `${pluralize(input.pending, 'candidate statement')} waiting for review.`,
    notice: input.notice,
    pageError:
      input.state && !input.items.some((item) => item.candidate.id === input.state?.candidateId)
        ? (Object.values(input.state.errors)[0] ?? null)
        : null,
    queue: input.queued.map((q) => ({
      label: `${q.title ?? q.source_id} (${q.pending})`,
      url: `/admin/review?source=${encodeURIComponent(q.source_id)}`,
      current: q.source_id === input.sourceId,
    })),
    groups,
    emptyMessage: input.items.length === 0 ? 'There are no candidates to review. Ingest a document to find some.' : null,
    newMeasure: { action: '/admin/review/measures', source: input.sourceId ?? '' },
  };
}
