// Times typed on the ward: a `datetime-local` input holds the London wall
// clock ("2026-01-12T10:00"); the backend takes and gives UTC (RFC 3339).

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function wall(ms: number): { y: number; mo: number; d: number; h: number; mi: number } {
  const p = parts.formatToParts(new Date(ms));
  const get = (t: string) => Number(p.find((x) => x.type === t)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour'), mi: get('minute') };
}

/** London's offset from UTC at the instant `ms`, in ms (0 in winter, 1 hour in summer). */
function offsetAt(ms: number): number {
  const w = wall(ms);
  const minute = Math.floor(ms / 60_000) * 60_000;
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi) - minute;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as a `datetime-local` value in London time, to the minute. */
export function londonInputValue(instant: Date | number | string): string {
  const ms = typeof instant === 'number' ? instant : new Date(instant).getTime();
  const w = wall(ms);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

/**
 * A `datetime-local` value read as London time, as RFC 3339 UTC; null when it
 * is not a date and time. A time that the clock skips in spring reads as the
 * hour after; one it shows twice in autumn as the second (GMT).
 */
export function londonInputToInstant(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  if (Number.isNaN(asUtc)) return null;
  let t = asUtc - offsetAt(asUtc);
  const again = offsetAt(t);
  if (again !== offsetAt(asUtc)) t = asUtc - again;
  return new Date(t).toISOString().replace('.000Z', 'Z');
}
