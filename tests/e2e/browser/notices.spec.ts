// Notifications (issue 4): an action assigned to me and one waiting for my
// verification raise a desktop notification (the browser's Notification API
// here; the desktop app's shell shows the same through the system), once per
// event, and are listed under "For you" in the header.
import { type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { assignAction, completeAction, loadDemoTrust, openWardActions, raiseAction, signIn, signOut } from './walk';

/** The notifications the page has shown, recorded as the browser creates them. */
function shown(page: Page): Promise<{ title: string; body: string }[]> {
  return page.evaluate(() => (window as unknown as { shownNotices: { title: string; body: string }[] }).shownNotices);
}

test('estates hear when an action is assigned to them, the manager when it waits for verification; once each', async ({ browser, server }) => {
  const TITLE = 'Replace the Bedroom 1 curtain track with a collapsible one';
  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin: server.origin });
  // Keep a record of every notification shown; the real one is still made.
  await context.addInitScript(() => {
    const Real = window.Notification;
    const w = window as unknown as { shownNotices: { title: string; body: string }[] };
    w.shownNotices = JSON.parse(sessionStorage.getItem('shownNotices') ?? '[]');
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        w.shownNotices.push({ title, body: options?.body ?? '' });
        sessionStorage.setItem('shownNotices', JSON.stringify(w.shownNotices));
      }
    }
    window.Notification = Recorded as typeof Notification;
  });
  const page = await context.newPage();
  const main = page.getByRole('main');
  const header = page.getByRole('banner');
  await loadDemoTrust(page, server.url);

  // The manager raises an action and assigns it to estates.
  await signIn(page, 'manager');
  await expect(header.getByRole('link', { name: 'For you', exact: true })).toBeVisible();
  await openWardActions(page, 'Cedar Ward');
  await raiseAction(page, TITLE);
  await main.getByRole('table', { name: 'Open actions, highest risk first' }).getByRole('link', { name: TITLE }).click();
  await assignAction(page, 'Chris Dunn');
  await signOut(page);

  // Estates: one notification, and the action under For you.
  await signIn(page, 'estates');
  await expect(header.getByRole('link', { name: 'For you 1 thing needs your attention' })).toBeVisible();
  await expect.poll(() => shown(page)).toEqual([{ title: `Assigned to you: ${TITLE}`, body: expect.stringMatching(/^Cedar Ward · High risk · due \d+ \w+ \d{4}$/) }]);
  await header.getByRole('link', { name: /^For you/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'For you' })).toBeVisible();
  await expect(main.getByRole('heading', { name: 'Assigned to you (1)' })).toBeVisible();
  await main.getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();

  // Looking again (a reload) shows nothing new.
  await page.reload();
  await expect(header.getByRole('link', { name: 'For you 1 thing needs your attention' })).toBeVisible();
  expect(await shown(page)).toHaveLength(1);

  // Estates complete it with a photo; it is no longer theirs to do.
  await completeAction(page, 'Collapsible track fitted', 'track.png');
  await page.reload();
  await expect(header.getByRole('link', { name: 'For you', exact: true })).toBeVisible();
  await signOut(page);

  // The ward manager hears that it waits for their verification.
  await signIn(page, 'manager');
  await expect(header.getByRole('link', { name: 'For you 1 thing needs your attention' })).toBeVisible();
  await expect.poll(async () => (await shown(page)).map((n) => n.title)).toEqual([
    `Assigned to you: ${TITLE}`,
    `Waiting for your verification: ${TITLE}`,
  ]);
  await header.getByRole('link', { name: /^For you/ }).click();
  await expect(main.getByRole('heading', { name: 'Waiting for your verification (1)' })).toBeVisible();
  await expect(main.getByRole('link', { name: TITLE })).toBeVisible();
  await context.close();
});
