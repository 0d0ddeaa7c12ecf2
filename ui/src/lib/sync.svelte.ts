// Where this device stands with the trust's server, shared by every part of
// the UI that shows it: `sync_status`, polled every 2 s while anything on
// screen wants it (no session needed, so it also runs before sign-in).
import { untrack } from 'svelte';
import { call, isDesktop, type CommandOutput } from './backend';

export type SyncInfo = CommandOutput<'sync_status'>;

/** How often the status is asked for while something shows it. */
export const SYNC_POLL_MS = 2000;

export const sync = $state<{ status: SyncInfo | null; failed: boolean }>({ status: null, failed: false });

let inflight: Promise<SyncInfo | null> | null = null;
let subscribers = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

/** Ask for the status now (one request at a time); resolves with the latest known status. */
export function refreshSync(): Promise<SyncInfo | null> {
  if (!inflight) {
    inflight = call('sync_status', {})
      .then(
        (status) => {
          sync.status = status;
          sync.failed = false;
          return status;
        },
        () => {
          // Keep showing the last status; the next poll tries again.
          sync.failed = true;
          return sync.status;
        },
      )
      .finally(() => {
        inflight = null;
      });
  }
  return inflight;
}

/** Take a status the backend returned with another command (connect, sync now). */
export function setSyncStatus(status: SyncInfo): void {
  sync.status = status;
  sync.failed = false;
}

function poll() {
  timer = null;
  refreshSync().finally(() => {
    if (subscribers > 0 && timer === null) timer = setTimeout(poll, SYNC_POLL_MS);
  });
}

/** Keep the status fresh until the returned function is called. Several callers share one poll. */
export function pollSync(): () => void {
  subscribers += 1;
  if (subscribers === 1 && timer === null) poll();
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    subscribers -= 1;
    if (subscribers === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

/**
 * For a screen that shows records: call `reload` whenever changes from other
 * devices have arrived (the status's `received` count grows), so that it
 * follows them without a page reload. Call while a component initialises; it
 * keeps the status polled while the component is shown.
 */
export function reloadOnReceived(reload: () => unknown): void {
  let seen: number | null = sync.status?.received ?? null;
  $effect(() => pollSync());
  $effect(() => {
    const received = sync.status?.received;
    if (received === undefined) return;
    const before = seen;
    seen = received;
    if (before !== null && received > before) untrack(() => void reload());
  });
}

/** Changes saved here that a connected device has not yet sent to the server (0 on a device on its own). */
export function unsent(status: SyncInfo | null | undefined): number {
  if (!status || status.state === 'standalone') return 0;
  return status.waiting;
}

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The words of the sign-out warning. */
export function unsentWarning(n: number): string {
  const changes = n === 1 ? '1 change on this device has' : `${n} changes on this device have`;
  return `${changes} not reached the trust's server yet. They are kept safe on this device and will be sent when it is next online.`;
}

/**
 * In a browser, warn before the page is closed or reloaded while changes are
 * still waiting to be sent (they are kept on the device either way). Not in
 * the desktop app, whose window closing is the shell's business.
 */
export function warnBeforeUnload(): () => void {
  if (typeof window === 'undefined' || isDesktop()) return () => {};
  const handler = (event: BeforeUnloadEvent) => {
    if (unsent(sync.status) > 0) {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    }
  };
  window.addEventListener('beforeunload', handler);
  return () => window.removeEventListener('beforeunload', handler);
}
