import { ALERT_FREQUENCIES, type AlertFrequency } from '../../data/alert-subscription.repository.js';
import { toSavedSearchString, type SavedSearch } from './alert-search.js';
import type { ManagedSubscription } from './alerts.service.js';

export const FREQUENCY_NAMES: Record<AlertFrequency, string> = {
  immediate: 'As they arrive',
  daily: 'Once a day',
  weekly: 'Once a week',
};

export interface FieldProblem {
  field: string;
  message: string;
}

/** The "Get alerts" form: on search and browse pages (compact) and on its own page (after a problem). */
export interface AlertFormView {
  action: string;
  csrf: string;
  description: string;
  /** The page's own search, carried as hidden fields so the subscription follows exactly it. */
  hidden: { name: string; value: string }[];
  email: string;
  frequencies: { value: AlertFrequency; label: string; selected: boolean }[];
  problems: FieldProblem[];
  problemOf: Record<string, string>;
}

export function toAlertFormView(input: {
  search: SavedSearch | null;
  hidden?: { name: string; value: string }[];
  description: string;
  csrf: string;
  email?: string;
  frequency?: string;
  problems?: FieldProblem[];
}): AlertFormView {
  const problems = input.problems ?? [];
  const hidden =
    input.hidden ??
    (input.search ? [...new URLSearchParams(toSavedSearchString(input.search))].map(([name, value]) => ({ name, value })) : []);
  return {
    action: '/alerts',
    csrf: input.csrf,
    description: input.description,
    hidden,
    email: input.email ?? '',
    frequencies: ALERT_FREQUENCIES.map((value) => ({
      value,
      label: FREQUENCY_NAMES[value],
      selected: value === (input.frequency ?? 'daily'),
    })),
    problems,
    problemOf: Object.fromEntries(problems.map((p) => [p.field, p.message])),
  };
}

/** A page that says one thing (sent, confirmed, deleted, a bad link), maybe with one button. */
export interface AlertMessageView {
  title: string;
  testId: string;
  paragraphs: string[];
  button: { action: string; label: string; fields: { name: string; value: string }[] } | null;
  links: { label: string; url: string }[];
}

export const messagePage = (
  view: Partial<AlertMessageView> & Pick<AlertMessageView, 'title' | 'testId' | 'paragraphs'>,
): AlertMessageView => ({
  button: null,
  links: [],
  ...view,
});

export interface AlertManageView {
  title: string;
  notice: string | null;
  description: string;
  email: string;
  statusLabel: string;
  paused: boolean;
  action: string;
  searchUrl: string;
  manageUrl: string;
  frequencies: { value: AlertFrequency; label: string; selected: boolean }[];
  others: { description: string; manageUrl: string; statusLabel: string }[];
}

const STATUS_NAMES = { pending: 'waiting for confirmation', active: 'on', paused: 'paused' } as const;

export function toAlertManageView(managed: ManagedSubscription, token: string, notice: string | null = null): AlertManageView {
  const { subscription } = managed;
  return {
    title: 'Your alert',
    notice,
    description: managed.description,
    email: subscription.email,
    statusLabel: STATUS_NAMES[subscription.status],
    paused: subscription.status === 'paused',
    action: `/alerts/manage/${token}`,
    searchUrl: managed.searchUrl,
    manageUrl: managed.manageUrl,
    frequencies: ALERT_FREQUENCIES.map((value) => ({
      value,
      label: FREQUENCY_NAMES[value],
      selected: value === subscription.frequency,
    })),
    others: managed.others.map((o) => ({
      description: o.description,
      manageUrl: o.manageUrl,
      statusLabel: STATUS_NAMES[o.status],
    })),
  };
}
