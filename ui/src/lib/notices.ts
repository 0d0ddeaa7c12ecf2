// Desktop notifications for what needs my attention (`my_notices`): which of
// the backend's notices are new to this device, and what to say about them.
// A notice's key changes only when its event happens again, so remembering the
// keys already shown (per person, on this device) notifies once per event.
import type { Notice, NoticeKind } from '../generated/bindings';
import { BAND_LABEL } from './labels';
import { formatCalendarDate } from './format';

export const NOTICE_LABEL: Record<NoticeKind, string> = {
  assigned_to_me: 'Assigned to you',
  overdue: 'Overdue',
  awaiting_my_verification: 'Waiting for your verification',
};

/** At most this many desktop notifications at once; more become one summary. */
export const MAX_SEPARATE = 3;
/** Keys remembered per person (the newest). */
const REMEMBERED = 1000;

export interface DesktopNotice {
  title: string;
  body: string;
}

export function noticeText(n: Notice): DesktopNotice {
  return {
    title: `${NOTICE_LABEL[n.kind]}: ${n.title}`,
    body: `${n.wardName} · ${BAND_LABEL[n.band]} risk · due ${formatCalendarDate(n.dueDate)}`,
  };
}

/** The notices not yet shown on this device. */
export function fresh(items: Notice[], seen: ReadonlySet<string>): Notice[] {
  return items.filter((n) => !seen.has(n.key));
}

/** What to show for the fresh notices: each on its own, or one summary when there are many. */
export function desktopNotices(items: Notice[]): DesktopNotice[] {
  if (items.length <= MAX_SEPARATE) return items.map(noticeText);
  const counts = (Object.keys(NOTICE_LABEL) as NoticeKind[])
    .map((k) => [k, items.filter((n) => n.kind === k).length] as const)
    .filter(([, c]) => c > 0)
    .map(([k, c]) => `${NOTICE_LABEL[k].toLowerCase()}: ${c}`);
  return [{ title: `${items.length} actions need your attention`, body: `In Wardsafe — ${counts.join(', ')}` }];
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
