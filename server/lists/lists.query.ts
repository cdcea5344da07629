import { z } from 'zod';
import { ID_PATTERN, SOURCE_TYPES } from '../../data/archive.types.js';
import {
  MEASURE_LIST_SORTS,
  MEETING_LIST_SORTS,
  SOURCE_LIST_SORTS,
  type MeasureListFilter,
  type MeasureListSort,
  type MeetingListFilter,
  type MeetingListSort,
  type OrganizationListFilter,
  type SourceListFilter,
  type SourceListSort,
} from '../../data/browse-list.repository.js';
import { BROWSE_PER_PAGE } from '../display/pagination.view.js';
import { pageParam, type Paging } from '../http/paging.js';
import type { RawQuery } from '../http/query-params.js';
import { matching, oneOf, parseParams } from '../http/query-params.js';

// The browse index pages' parameters. A bad value of a known parameter is a 400 naming it (page=0,
// sort=best); a parameter the page does not know is ignored and the page says so, as search does.

const idParam = matching(ID_PATTERN, 'an id (letters, digits, _ and -, up to 64)');

/** What every list page parsed: its filters and sort, the page, and the parameters it ignored. */
export interface ListQuery<F, S> {
  filter: F;
  sort: S;
  paging: Paging;
  ignored: string[];
}

const pagingOf = (page: number): Paging => ({ page, perPage: BROWSE_PER_PAGE });

const measuresSchema = z.object({ body: idParam, sort: oneOf(MEASURE_LIST_SORTS), page: pageParam });
export function parseMeasuresQuery(raw: RawQuery): ListQuery<MeasureListFilter, MeasureListSort> {
  const { params, ignored } = parseParams(measuresSchema, raw, 'ignore');
  return { filter: { body: params.body }, sort: params.sort ?? 'title', paging: pagingOf(params.page), ignored };
}

const meetingsSchema = z.object({
  body: idParam,
  year: matching(/^\d{4}$/, 'a year as YYYY'),
  sort: oneOf(MEETING_LIST_SORTS),
  page: pageParam,
});
export function parseMeetingsQuery(raw: RawQuery): ListQuery<MeetingListFilter, MeetingListSort> {
  const { params, ignored } = parseParams(meetingsSchema, raw, 'ignore');
  return {
    filter: { body: params.body, year: params.year },
    sort: params.sort ?? 'newest',
    paging: pagingOf(params.page),
    ignored,
  };
}

const topicsSchema = z.object({ page: pageParam });
export function parseTopicsQuery(raw: RawQuery): ListQuery<Record<string, never>, 'label'> {
  const { params, ignored } = parseParams(topicsSchema, raw, 'ignore');
  return { filter: {}, sort: 'label', paging: pagingOf(params.page), ignored };
}

const sourcesSchema = z.object({ type: oneOf(SOURCE_TYPES), sort: oneOf(SOURCE_LIST_SORTS), page: pageParam });
export function parseSourcesQuery(raw: RawQuery): ListQuery<SourceListFilter, SourceListSort> {
  const { params, ignored } = parseParams(sourcesSchema, raw, 'ignore');
  return { filter: { type: params.type }, sort: params.sort ?? 'newest', paging: pagingOf(params.page), ignored };
}

const organizationsSchema = z.object({
  classification: matching(/^[\p{L}\p{N} _-]{1,100}$/u, 'a classification such as district, union or coalition'),
  state: matching(/^[A-Z]{2}$/, 'a two-letter state code such as CA'),
  page: pageParam,
});
export function parseOrganizationsQuery(raw: RawQuery): ListQuery<OrganizationListFilter, 'name'> {
  const { params, ignored } = parseParams(organizationsSchema, raw, 'ignore');
  return {
    filter: { classification: params.classification, state: params.state },
    sort: 'name',
    paging: pagingOf(params.page),
    ignored,
  };
}
