// Desktop notifications for what needs my attention (`my_notices`): which of
// the backend's notices are new to this device, and what to say about them.
// A notice's key changes only when its event happens again, so remembering the
// keys already shown (per person, on this device) notifies once per event.
import type { Notice, NoticeKind, Notices, ReviewNotice, ReviewNoticeKind } from '../generated/bindings';
import { BAND_LABEL } from './labels';
import { formatCalendarDate, formatTime } from './format';

export const NOTICE_LABEL: Record<NoticeKind, string> = {
  assigned_to_me: 'Assigned to you',
  overdue: 'Overdue',
  awaiting_my_verification: 'Waiting for your verification',
};

export const REVIEW_NOTICE_LABEL: Record<ReviewNoticeKind, string> = {
  missed: 'Missed',
  due_soon: 'Due soon',
};

/** At most this many desktop notifications at once; more become one summary. */
export const MAX_SEPARATE = 3;
/** Keys remembered per person (the newest). */
const REMEMBERED = 1000;

export interface DesktopNotice {
  title: string;
  body: string;
}

/** One thing to notify: an action's notice or a seclusion or segregation review's. */
export interface Pending {
  key: string;
  /** What kind of thing, for the summary ("overdue: 2", "review missed: 1"). */
  group: string;
  text: DesktopNotice;
}

export function noticeText(n: Notice): DesktopNotice {
  return {
    title: `${NOTICE_LABEL[n.kind]}: ${n.title}`,
    body: `${n.wardName} · ${BAND_LABEL[n.band]} risk · due ${formatCalendarDate(n.dueDate)}`,
  };
}

/** Where the episode is, never who: a desktop notification can show on a screen others see. */
export function reviewPlace(n: ReviewNotice): string {
  return n.roomName ? `${n.wardName}, ${n.roomName}` : n.wardName;
}

export function reviewNoticeText(n: ReviewNotice): DesktopNotice {
  const time = formatTime(n.dueAt);
  return n.kind === 'missed'
    ? { title: `Missed: ${n.label}`, body: `${reviewPlace(n)} · was due at ${time}` }
    : { title: `Due at ${time}: ${n.label}`, body: reviewPlace(n) };
}

/** Everything in a `my_notices` answer that a device may notify, reviews first. */
export function pending(list: Notices): Pending[] {
  return [
    ...list.reviews.map((n) => ({ key: n.key, group: `review ${REVIEW_NOTICE_LABEL[n.kind].toLowerCase()}`, text: reviewNoticeText(n) })),
    ...list.items.map((n) => ({ key: n.key, group: NOTICE_LABEL[n.kind].toLowerCase(), text: noticeText(n) })),
  ];
}

/** How many things need me: actions and reviews. */
export function noticeCount(list: Notices | null): number {
  return list ? list.total + list.reviews.length : 0;
}

/** The notices not yet shown on this device. */
export function fresh<T extends { key: string }>(items: T[], seen: ReadonlySet<string>): T[] {
  return items.filter((n) => !seen.has(n.key));
}

/** What to show for the fresh notices: each on its own, or one summary when there are many. */
export function desktopNotices(items: Pending[]): DesktopNotice[] {
  if (items.length <= MAX_SEPARATE) return items.map((p) => p.text);
  const groups = [...new Set(items.map((p) => p.group))].map((g) => `${g}: ${items.filter((p) => p.group === g).length}`);
  return [{ title: `${items.length} things need your attention`, body: `In Wardsafe — ${groups.join(', ')}` }];
}

const storageKey = (userId: string) => `wardsafe.notified.${userId}`;

export function loadSeen(userId: string, storage: Storage = localStorage): Set<string> {
  try {
    const list: unknown = JSON.parse(storage.getItem(storageKey(userId)) ?? '[]');
    return new Set(Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : []);
  } catch {
    return new Set();
  }
}

export function saveSeen(userId: string, seen: Set<string>, storage: Storage = localStorage): void {
  const keys = [...seen].slice(-REMEMBERED);
  try {
    storage.setItem(storageKey(userId), JSON.stringify(keys));
  } catch {
    // Storage full or blocked: at worst a notice is shown again.
  }
}
