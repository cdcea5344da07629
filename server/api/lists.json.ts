import type { MeetingWithCount } from '../../data/meeting.repository.js';
import type { Organization } from '../../data/domain/entities.js';
import type { SourceWithCount } from '../../data/source.repository.js';
import type { SpeakerWithCount } from '../../data/speaker.repository.js';
import type { TopicWithCount } from '../../data/topic.repository.js';
import { sumStances } from '../charts/stance-chart.view.js';
import { toAbsoluteUrl } from '../display/display.format.js';
import { measurePath } from '../measures/measures.view.js';
import { meetingPath } from '../meetings/meetings.view.js';
import type { EntityListPage, MeasureWithTallies } from '../services/entity-lists.service.js';
import { toSourceMetadataJson } from '../sources/sources.json.js';
import { speakerPath } from '../speakers/speakers.view.js';
import { topicPath } from '../topics/topics.view.js';
import type {
  MeasureListJson,
  MeetingListJson,
  OrganizationListJson,
  SourceListJson,
  SpeakerListJson,
  TopicListJson,
} from './browse.schema.js';

// GET /api/{speakers,organizations,meetings,measures,sources,topics}: one page of a filtered
// list; total counts every page.

type Listed<T> = EntityListPage<T> & { baseUrl: string };

function toListJson<T, J>({ items, total, paging }: EntityListPage<T>, toItem: (item: T) => J) {
  return { total, page: paging.page, per_page: paging.perPage, items: items.map(toItem) };
}

/** Everyone who spoke, A-Z, with how many published statements. */
export function toSpeakerListJson(list: Listed<SpeakerWithCount>): SpeakerListJson {
  return toListJson(list, (s) => ({
    id: s.id,
    type: s.type,
    name: s.name,
    sort_name: s.sort_name,
    url: toAbsoluteUrl(list.baseUrl, speakerPath(s.id)),
    statements: s.statements,
  }));
}

export function toOrganizationListJson(list: Listed<Organization>): OrganizationListJson {
  return toListJson(list, (o) => ({
    id: o.id,
    name: o.name,
    classification: o.classification,
    state: o.state,
    ocd_id: o.ocd_id,
  }));
}

export function toMeetingListJson(list: Listed<MeetingWithCount>): MeetingListJson {
  return toListJson(list, (m) => ({
    id: m.id,
    url: toAbsoluteUrl(list.baseUrl, meetingPath(m.id)),
    title: m.title,
    body: m.body,
    date: m.date,
    date_precision: m.date_precision,
    location: m.location,
    statements: m.statements,
  }));
}

export function toMeasureListJson(list: Listed<MeasureWithTallies>): MeasureListJson {
  return toListJson(list, ({ measure, tallies }) => ({
    id: measure.id,
    url: toAbsoluteUrl(list.baseUrl, measurePath(measure.id)),
    title: measure.title,
    body: measure.body,
    description: measure.description,
    outcome: measure.outcome,
    decided_on: measure.decided_on,
    decided_on_precision: measure.decided_on_precision,
    tally: sumStances(tallies.byMeasure),
    statements: tallies.total,
  }));
}

export function toSourceListJson(list: Listed<SourceWithCount>): SourceListJson {
  return toListJson(list, (s) => ({ ...toSourceMetadataJson(s, list.baseUrl), statements: s.statements }));
}

export function toTopicListJson(list: Listed<TopicWithCount>): TopicListJson {
  return toListJson(list, (t) => ({
    slug: t.slug,
    label: t.label,
    description: t.description,
    url: toAbsoluteUrl(list.baseUrl, topicPath(t.slug)),
    statements: t.statements,
  }));
}
