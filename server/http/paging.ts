import { z } from 'zod';
import type { PageWindow } from '../../data/domain/entities.js';
import { boundedInt, parseParams, type RawQuery } from './query-params.js';

export const MAX_PER_PAGE = 100;

/** page (from 1): every paged page and endpoint. */
export const pageParam = boundedInt(1, 1_000_000_000, 1);
/** per_page (1-100, default 20): every paged JSON list. */
export const perPageParam = boundedInt(1, MAX_PER_PAGE, 20);

const pageSchema = z.object({ page: pageParam });
export const listPagingSchema = z.object({ page: pageParam, per_page: perPageParam });

export interface Paging {
  page: number;
  perPage: number;
}

/** page and per_page, shared by every paged endpoint; other parameters are left to the caller. */
export function parsePaging(raw: RawQuery): Paging {
  const { params } = parseParams(listPagingSchema, raw, 'ignore');
  return { page: params.page, perPage: params.per_page };
}

/** page alone (from 1), for HTML lists whose page size is fixed; other parameters are ignored. */
export function parsePage(raw: RawQuery): number {
  return parseParams(pageSchema, raw, 'ignore').params.page;
}

/** A paged JSON list that takes only page and per_page: any other parameter is refused by name. */
export function parseListPaging(raw: RawQuery): Paging {
  const { params } = parseParams(listPagingSchema, raw, 'refuse');
  return { page: params.page, perPage: params.per_page };
}

/** The rows a page stands for. */
export function pageWindow({ page, perPage }: Paging): PageWindow {
  return { offset: (page - 1) * perPage, limit: perPage };
}
