// One clock for the countdowns of seclusion and segregation: `clock.now`
// moves on every 30 s while a screen shows a countdown. Tests set it.

/** How often the countdowns move on (and the board looks again). */
export const TICK_MS = 30_000;

export const clock = $state<{ now: number }>({ now: Date.now() });

let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

/**
 * Keep the clock moving while the caller shows countdowns; call while a
 * component initialises. `ontick` runs on each tick too (a refresh).
 */
export function useClock(ontick?: () => void): void {
  $effect(() => {
    users += 1;
    clock.now = Date.now();
    if (timer === null) timer = setInterval(() => (clock.now = Date.now()), TICK_MS);
    const own = ontick ? setInterval(ontick, TICK_MS) : null;
    return () => {
      if (own !== null) clearInterval(own);
      users -= 1;
      if (users === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    };
  });
}
