// Closing a ligature risk (issue 4): a walk-round finds an extreme risk, the
// manager confirms its draft action, puts an interim control in place and
// assigns it; estates find it in their queue, start and complete it with a
// photo; the ward manager verifies it; the register shows the point removed
// and the ward's open extreme risks go down by one.
// Elements are found by role and label, as a person finds them.
import { type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { assignAction, confirmDrafts, png, settled, signIn, signOut, walkArea } from './walk';

const POINT = 'Wardrobe door, top hinge';
const TITLE = `Bedroom 1: extreme ligature risk — Wardrobe, ${POINT}`;

/** The count on the ward overview's "Extreme" open-risk tag (0 when there is none), once the overview is shown. */
async function openExtreme(page: Page): Promise<number> {
  await expect(page.getByRole('heading', { level: 2, name: 'Ligature register' })).toBeVisible();
  const extreme = page.getByRole('list', { name: 'Open ligature risks by band' }).getByText(/Extreme$/);
  if ((await extreme.count()) === 0) return 0;
  return Number(((await extreme.textContent()) ?? '').trim().split(' ')[0]);
}

async function openCedar(page: Page) {
  await page.getByRole('region', { name: 'Cedar Ward' }).getByRole('link', { name: /Cedar Ward/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cedar Ward' })).toBeVisible();
}

test('an extreme risk found on a walk-round is fixed by estates, verified, and closed on the register', async ({ browser, server }) => {
  const page = await browser.newPage();
  await page.goto(server.url);
  const main = page.getByRole('main');
  await page.getByRole('button', { name: 'Load the demo trust' }).click();
  await page.getByRole('button', { name: 'Continue to sign in' }).click();
  await signIn(page, 'manager');

  // The walk-round: every area walked, a new extreme point in Bedroom 1.
  await openCedar(page);
  const extremeBefore = await openExtreme(page);
  await main.getByRole('button', { name: 'Start ligature walk-round' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Environmental ligature walk-round' })).toBeVisible();
  const areas = page.getByRole('navigation', { name: 'Areas of the ward' }).getByRole('link');
  await walkArea(page, areas.nth(0));
  await main.getByRole('button', { name: 'Add a ligature point' }).click();
  const newPoint = main.getByRole('form', { name: 'New ligature point' });
  await newPoint.getByLabel('Fixture type').selectOption({ label: 'Wardrobe' });
  await newPoint.getByLabel('Location').fill(POINT);
  await newPoint.getByLabel('Height band').selectOption({ label: '1 m to 2 m' });
  await newPoint.getByLabel('Likelihood', { exact: true }).selectOption({ label: '4 – Likely' });
  await newPoint.getByLabel('Consequence', { exact: true }).selectOption({ label: '5 – Catastrophic' });
  await newPoint.getByRole('button', { name: 'Save assessment' }).click();
  await expect(main.getByText(POINT).first()).toBeVisible();
  await settled(page);
  for (let i = 1; i < (await areas.count()); i++) await walkArea(page, areas.nth(i));
  await page.getByRole('button', { name: 'Complete walk-round' }).click();

  // The summary: the new point is a draft; confirmed with the others, then signed off.
  const drafts = page.getByRole('list', { name: 'Draft actions from this walk-round' });
  await expect(drafts.getByRole('region', { name: TITLE })).toContainText('Extreme');
  await confirmDrafts(page);
  await page.getByRole('button', { name: 'Sign off' }).click();
  await expect(page.getByText(/^Signed off .* by Sam Patel\.$/)).toBeVisible();

  // The ward's actions: the open extreme action, from the ward overview.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Cedar Ward' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cedar Ward' })).toBeVisible();
  expect(await openExtreme(page)).toBe(extremeBefore + 1);
  await main.getByRole('link', { name: /View and raise actions/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Actions' })).toBeVisible();
  const open = page.getByRole('table', { name: 'Open actions, highest risk first' });
  await expect(open.getByRole('row', { name: new RegExp(POINT) })).toContainText('Extreme');
  await open.getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();

  // An interim control while the fix waits, and the work assigned to estates.
  await main.getByRole('button', { name: 'Add an interim control' }).click();
  const interim = main.getByRole('form', { name: 'Add an interim control' });
  await interim.getByLabel('Kind of control').selectOption({ label: 'Room closed' });
  await interim.getByLabel('Review date').fill(new Date(Date.now() + 2 * 86400_000).toISOString().slice(0, 10));
  await interim.getByRole('button', { name: 'Save control' }).click();
  await expect(main.getByText('The interim control was added.')).toBeVisible();
  await expect(main.getByRole('table', { name: 'Interim controls' }).getByRole('row', { name: /Room closed/ })).toContainText('In place');
  await assignAction(page, 'Chris Dunn');
  await signOut(page);

  // Estates: the queue, filtered to their own work; start, then complete with a photo.
  await signIn(page, 'estates');
  await page.getByRole('banner').getByRole('link', { name: 'Estates queue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Estates queue' })).toBeVisible();
  const filters = main.getByRole('form', { name: 'Filter the queue' });
  await filters.getByLabel('Assigned to me').check();
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(main.getByText('Showing 1 to 1 of 1 action')).toBeVisible();
  const queue = main.getByRole('table', { name: 'Estates queue' });
  await expect(queue.getByRole('row', { name: new RegExp(POINT) })).toContainText('Cedar Ward');
  await queue.getByRole('link', { name: TITLE }).click();
  await main.getByRole('button', { name: 'Start work' }).click();
  await expect(main.getByText('Work started.')).toBeVisible();
  await main.getByRole('button', { name: 'Complete' }).click();
  const complete = main.getByRole('form', { name: /^Complete:/ });
  await complete.getByRole('button', { name: 'Complete the action' }).click();
  await expect(complete.getByRole('alert')).toContainText('Say what was done');
  await complete.getByLabel('What was done').fill('Wardrobe door replaced with an anti-ligature door without hinges');
  await complete.getByLabel(/Photo of the finished work/).setInputFiles(png('new-door.png'));
  await expect(complete.getByText(/new-door\.png/)).toBeVisible();
  await complete.getByRole('button', { name: 'Complete the action' }).click();
  await expect(main.getByText(/^Completed: it now waits/)).toBeVisible();
  // Estates never verify.
  await expect(main.getByRole('button', { name: 'Verify' })).toHaveCount(0);
  await signOut(page);

  // The ward manager verifies: the point is removed.
  await signIn(page, 'manager');
  await openCedar(page);
  await main.getByRole('link', { name: /View and raise actions/ }).click();
  const waiting = page.getByRole('table', { name: 'Actions awaiting verification' });
  await waiting.getByRole('link', { name: TITLE }).click();
  const timeline = main.getByRole('list', { name: 'Timeline, oldest first' });
  await expect(timeline).toContainText('Completed');
  await expect(timeline.getByRole('button', { name: /Photo 1 of the evidence/ })).toBeVisible();
  await main.getByRole('button', { name: 'Verify' }).click();
  const verify = main.getByRole('form', { name: /^Verify:/ });
  await verify.getByRole('radio', { name: 'Removed' }).check();
  await verify.getByRole('button', { name: 'Verify the work' }).click();
  await expect(main.getByText(/^Verified: the ligature register shows/)).toBeVisible();
  await expect(timeline).toContainText('Verified');
  await expect(timeline).toContainText('by Sam Patel');

  // The register shows it closed, and the ward's open extreme risks are back down.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Cedar Ward' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cedar Ward' })).toBeVisible();
  await expect(main.getByRole('row', { name: new RegExp(POINT) })).toContainText('Removed');
  expect(await openExtreme(page)).toBe(extremeBefore);

  // The action list as CSV for the evidence pack: it names the verified action.
  await main.getByRole('link', { name: /View and raise actions/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Actions' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download actions CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^cedar-ward-actions-.*\.csv$/);
  const chunks: Buffer[] = [];
  for await (const c of await file.createReadStream()) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  expect(text.split('\n')[0]).toBe('action_id,ward,area,title,band,status,owner_team,trade,assignee,due_date,overdue,capital_ref,raised_by,raised_at,completed_at,verified_at');
  expect(text).toContain(`"${TITLE}",extreme,verified`);
  await expect(page.getByText(/^Actions of Cedar Ward \(.*\): \d+ action\(s\), produced /)).toBeVisible();
  await page.close();
});
