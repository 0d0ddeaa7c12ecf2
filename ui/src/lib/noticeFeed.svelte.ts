// What needs the signed-in person's attention (`my_notices`: actions, and
// seclusion and segregation reviews due soon or missed), shared by the
// header's "For you" link and the For you screen; and the desktop
// notifications for what is new since this device last showed it.
import { call, notify, type CommandOutput } from './backend';
import { desktopNotices, fresh, loadSeen, pending, saveSeen } from './notices';

export type NoticeList = CommandOutput<'my_notices'>;

/** How often to look again while signed in (an action can become overdue with no change anywhere). */
export const NOTICE_POLL_MS = 60_000;

export const feed = $state<{ list: NoticeList | null; userId: string | null }>({ list: null, userId: null });

let inflight: { userId: string; done: Promise<void> } | null = null;

/** Ask again now, and notify what is new for `userId` on this device. */
export function refreshNotices(userId: string): Promise<void> {
  // Someone else's list is never shown, even for a moment after they sign out.
  if (feed.userId !== userId) feed.list = null;
  feed.userId = userId;
  if (inflight?.userId === userId) return inflight.done;
  const mine = { userId, done: Promise.resolve() };
  mine.done = call('my_notices', { limit: 200 })
    .then(async (list) => {
      if (feed.userId !== userId) return; // signed out or someone else signed in meanwhile
      feed.list = list;
      const seen = loadSeen(userId);
      const news = fresh(pending(list), seen);
      if (news.length === 0) return;
      for (const n of news) seen.add(n.key);
      saveSeen(userId, seen);
      for (const d of desktopNotices(news)) await notify(d.title, d.body);
    })
    .catch(() => {
      // Kept as shown; the next look tries again.
    })
    .finally(() => {
      if (inflight === mine) inflight = null;
    });
  inflight = mine;
  return mine.done;
}
