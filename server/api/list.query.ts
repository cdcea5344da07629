import { z } from 'zod';
import { ID_PATTERN, SOURCE_TYPES } from '../../data/archive.types.js';
import type { MeasureFilter } from '../../data/measure.repository.js';
import type { MeetingFilter } from '../../data/meeting.repository.js';
import type { OrganizationFilter } from '../../data/organization.repository.js';
import type { SourceFilter } from '../../data/source.repository.js';
import type { SpeakerFilter } from '../../data/speaker.repository.js';
import { pageParam, perPageParam, type Paging } from '../http/paging.js';
import { parseParams, singleValue, type RawQuery } from '../http/query-params.js';
import { always, checkRange, choice, dateBound } from '../search/search.query.js';

// The list endpoints' parameters: filters, then page and per_page. Strict like the rest of the API:
// a parameter a list does not know is a 400 naming it, as for /api/search.

/** An archive id; absent or empty: no filter. */
const optionalId = singleValue.transform((raw, ctx): string | null => {
  if (raw === undefined || raw === '') return null;
  if (!ID_PATTERN.test(raw)) {
    ctx.addIssue({ code: 'custom', message: 'expected an id (letters, digits, "-" or "_")' });
    return z.NEVER;
  }
  return raw;
});

/** Words a person typed (trimmed, at most `max` characters); absent or blank: no filter. */
const optionalWords = (max: number) =>
  singleValue.transform((raw, ctx): string | null => {
    const words = (raw ?? '').trim();
    if (words.length > max) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${max} characters` });
      return z.NEVER;
    }
    return words === '' ? null : words;
  });

const paging = { page: pageParam, per_page: perPageParam };

export const speakerListParams = z.object({ type: choice(['person', 'organization'] as const), ...paging });
export const organizationListParams = z.object({
  classification: optionalWords(100),
  state: singleValue.transform((raw, ctx): string | null => {
    if (raw === undefined || raw === '') return null;
    if (!/^[A-Za-z]{2}$/.test(raw)) {
      ctx.addIssue({ code: 'custom', message: 'expected a two-letter state code such as CA' });
      return z.NEVER;
    }
    return raw.toUpperCase();
  }),
  ...paging,
});
export const meetingListParams = z
  .object({ body: optionalId, place: optionalWords(200), from: dateBound('from'), to: dateBound('to'), ...paging })
  .superRefine(checkRange, always);
export const measureListParams = z.object({ body: optionalId, ...paging });
export const sourceListParams = z.object({ outlet: optionalWords(300), type: choice(SOURCE_TYPES), ...paging });
export const topicListParams = z.object(paging);

/** A list's filter and which page of it. */
export interface ListQuery<F> {
  filter: F;
  paging: Paging;
}

function parseList<S extends z.ZodObject, F>(schema: S, raw: RawQuery, toFilter: (params: z.output<S>) => F): ListQuery<F> {
  const { params } = parseParams(schema, raw, 'refuse');
  const { page, per_page: perPage } = params as { page: number; per_page: number };
  return { filter: toFilter(params), paging: { page, perPage } };
}

export const parseSpeakerList = (raw: RawQuery): ListQuery<SpeakerFilter> =>
  parseList(speakerListParams, raw, (p) => ({ type: p.type }));
export const parseOrganizationList = (raw: RawQuery): ListQuery<OrganizationFilter> =>
  parseList(organizationListParams, raw, (p) => ({ classification: p.classification, state: p.state }));
export const parseMeetingList = (raw: RawQuery): ListQuery<MeetingFilter> =>
  parseList(meetingListParams, raw, (p) => ({
    body: p.body,
    place: p.place,
    from: p.from?.value ?? null,
    to: p.to?.value ?? null,
  }));
export const parseMeasureList = (raw: RawQuery): ListQuery<MeasureFilter> =>
  parseList(measureListParams, raw, (p) => ({ body: p.body }));
export const parseSourceList = (raw: RawQuery): ListQuery<SourceFilter> =>
  parseList(sourceListParams, raw, (p) => ({ outlet: p.outlet, type: p.type }));
export const parseTopicList = (raw: RawQuery): ListQuery<null> => parseList(topicListParams, raw, () => null);
