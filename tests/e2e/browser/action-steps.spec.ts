// The action workflow's other steps (issue 4): a walk-round's drafts merged
// into another action or dismissed with a reason before sign-off; completed
// work rejected back to open and into the estates queue again; estates never
// offered Verify; a due date moved into the past without a reason refused.
// Elements are found by role and label, as a person finds them.
import { type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { assignAction, completeAction, confirmDrafts, loadDemoTrust, openWardActions, raiseAction, signIn, signOut, walkArea } from './walk';

/** A date `days` from today, as a date field takes it. */
function isoDate(days: number): string {
  return new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);
}

/** On an action: what its facts say next to "Status". */
function statusOf(page: Page) {
  return page.getByRole('main').getByRole('term').filter({ hasText: /^Status$/ }).locator('xpath=following-sibling::dd[1]');
}

test('a walk-round’s drafts are merged, dismissed with a reason and confirmed, then it is signed off', async ({ browser, server }) => {
  const MERGED = 'Bedroom 2: high ligature risk — Wardrobe, Wardrobe door hinge, left side';
  const SURVIVOR = 'Bedroom 1: high ligature risk — Wardrobe, Wardrobe door hinge, left side';
  const DISMISSED = 'Garden: high ligature risk — Garden fence or tree, Fence post by the smoking shelter';
  const WHY = 'The fence by the smoking shelter is being replaced under the garden capital project';

  const page = await browser.newPage();
  const main = page.getByRole('main');
  await loadDemoTrust(page, server.url);
  await signIn(page, 'manager');

  // A whole walk-round of Cedar Ward, every known point re-assessed unchanged.
  await page.getByRole('region', { name: 'Cedar Ward' }).getByRole('button', { name: 'Start ligature walk-round' }).click();
  const areas = page.getByRole('navigation', { name: 'Areas of the ward' }).getByRole('link');
  await expect(areas.first()).toBeVisible();
  for (let i = 0; i < (await areas.count()); i++) await walkArea(page, areas.nth(i));
  await page.getByRole('button', { name: 'Complete walk-round' }).click();

  const drafts = page.getByRole('list', { name: 'Draft actions from this walk-round' });
  const items = drafts.getByRole('listitem');
  await expect(drafts.getByRole('region', { name: MERGED })).toBeVisible();
  const before = await items.count();
  expect(before).toBeGreaterThan(2);

  // Signing off while drafts wait is refused, saying why.
  await page.getByRole('button', { name: 'Sign off' }).click();
  const refused = page.getByRole('alert').filter({ hasText: 'The walk-round could not be signed off' });
  await expect(refused).toContainText(`${before} draft actions from this walk-round`);
  await expect(refused).toContainText('to be confirmed, merged or dismissed before it is signed off');

  // Merge: the Bedroom 2 wardrobe is the same job as Bedroom 1's.
  const merged = drafts.getByRole('region', { name: MERGED });
  await merged.getByRole('button', { name: /^Merge into another action/ }).click();
  const mergeForm = merged.getByRole('form', { name: `Merge the draft: ${MERGED}` });
  await mergeForm.getByRole('button', { name: 'Merge draft' }).click();
  await expect(mergeForm.getByRole('alert')).toContainText('Choose the action to merge this draft into');
  await expect(mergeForm.getByLabel('Merge into')).toHaveAccessibleDescription(/Choose the action to merge this draft into/);
  await mergeForm.getByLabel('Merge into').selectOption({ label: `High – ${SURVIVOR} (Bedroom 1) – draft` });
  await mergeForm.getByRole('button', { name: 'Merge draft' }).click();
  await expect(main.getByText(`${MERGED}: merged into ${SURVIVOR}.`)).toBeVisible();
  await expect(drafts.getByRole('region', { name: MERGED })).toHaveCount(0);
  await expect(drafts.getByRole('region', { name: SURVIVOR })).toBeVisible();
  await expect(items).toHaveCount(before - 1);

  // Dismiss: only with a reason.
  const dismissed = drafts.getByRole('region', { name: DISMISSED });
  await dismissed.getByRole('button', { name: `Dismiss draft: ${DISMISSED}` }).click();
  const dismissForm = dismissed.getByRole('form', { name: `Dismiss the draft: ${DISMISSED}` });
  await dismissForm.getByRole('button', { name: 'Dismiss draft' }).click();
  await expect(dismissForm.getByRole('alert')).toContainText('Say why this draft is not an action');
  await expect(dismissForm.getByLabel('Why is this not an action?')).toHaveAccessibleDescription(/Say why this draft is not an action/);
  await dismissForm.getByLabel('Why is this not an action?').fill(WHY);
  await dismissForm.getByRole('button', { name: 'Dismiss draft' }).click();
  await expect(main.getByText(`${DISMISSED}: dismissed.`)).toBeVisible();
  await expect(drafts.getByRole('region', { name: DISMISSED })).toHaveCount(0);
  await expect(items).toHaveCount(before - 2);

  // The rest confirmed, the walk-round can be signed off.
  await confirmDrafts(page);
  await expect(refused).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Sign off' })).not.toHaveAccessibleDescription(/draft/);
  await page.getByRole('button', { name: 'Sign off' }).click();
  await expect(page.getByText(/^Signed off .* by Sam Patel\.$/)).toBeVisible();

  // The ward's actions: the survivor open, the other two closed.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'My wards' }).click();
  await openWardActions(page, 'Cedar Ward');
  await expect(main.getByText('No draft action is waiting.')).toBeVisible();
  const open = main.getByRole('table', { name: 'Open actions, highest risk first' });
  await expect(open.getByRole('link', { name: SURVIVOR })).toBeVisible();
  await expect(open.getByRole('link', { name: MERGED })).toHaveCount(0);
  const closed = main.getByRole('table', { name: 'Recently closed actions' });
  await expect(closed.getByRole('row', { name: new RegExp(MERGED) })).toContainText('Merged');
  await expect(closed.getByRole('row', { name: new RegExp(DISMISSED) })).toContainText('Dismissed');

  // The merged draft names the action it was merged into, and its timeline says so.
  await closed.getByRole('link', { name: MERGED }).click();
  await expect(page.getByRole('heading', { level: 1, name: MERGED })).toBeVisible();
  await expect(statusOf(page)).toContainText(`Merged into ${SURVIVOR}`);
  const timeline = main.getByRole('list', { name: 'Timeline, oldest first' });
  await expect(timeline.getByRole('listitem').last()).toContainText('Merged (Draft → Merged)');
  await expect(timeline.getByRole('listitem').last()).toContainText('by Sam Patel');
  await expect(main.getByRole('heading', { name: 'What to do next' })).toHaveCount(0);
  await statusOf(page).getByRole('link', { name: SURVIVOR }).click();
  await expect(page.getByRole('heading', { level: 1, name: SURVIVOR })).toBeVisible();
  await expect(statusOf(page)).toHaveText('Open');

  // The dismissed draft keeps its reason on its timeline.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Actions' }).click();
  await closed.getByRole('link', { name: DISMISSED }).click();
  await expect(page.getByRole('heading', { level: 1, name: DISMISSED })).toBeVisible();
  await expect(statusOf(page)).toHaveText('Dismissed');
  await expect(timeline.getByRole('listitem').last()).toContainText('Dismissed (Draft → Dismissed)');
  await expect(timeline.getByRole('listitem').last()).toContainText(`Why: ${WHY}`);
  await page.close();
});

test('completed work rejected by the matron goes back to open and into the estates queue; estates cannot verify', async ({ browser, server }) => {
  const TITLE = 'Replace the Bedroom 1 wardrobe with an anti-ligature one';
  const WHY = 'The new wardrobe doors still hang on piano hinges';

  const page = await browser.newPage();
  const main = page.getByRole('main');
  await loadDemoTrust(page, server.url);

  // The manager raises the action and assigns it to estates.
  await signIn(page, 'manager');
  await openWardActions(page, 'Cedar Ward');
  await raiseAction(page, TITLE);
  await main.getByRole('table', { name: 'Open actions, highest risk first' }).getByRole('link', { name: TITLE }).click();
  await assignAction(page, 'Chris Dunn');
  await signOut(page);

  // Estates start and complete it with a photo; Verify and Reject are never offered to them.
  await signIn(page, 'estates');
  await page.getByRole('banner').getByRole('link', { name: 'Estates queue' }).click();
  const queue = main.getByRole('table', { name: 'Estates queue' });
  await queue.getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await main.getByRole('button', { name: 'Start work' }).click();
  await expect(main.getByText('Work started.')).toBeVisible();
  await completeAction(page, 'Wardrobe replaced', 'wardrobe.png');
  await expect(statusOf(page)).toHaveText('Awaiting verification');
  await expect(main.getByRole('button', { name: 'Verify' })).toHaveCount(0);
  await expect(main.getByRole('button', { name: 'Reject' })).toHaveCount(0);
  await expect(main.getByRole('heading', { name: 'What to do next' })).toHaveCount(0);
  await signOut(page);

  // The matron rejects it, with a reason.
  await signIn(page, 'matron');
  await openWardActions(page, 'Cedar Ward');
  await main.getByRole('table', { name: 'Actions awaiting verification' }).getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await expect(main.getByRole('button', { name: 'Verify' })).toBeVisible();
  await main.getByRole('button', { name: 'Reject' }).click();
  const reject = main.getByRole('form', { name: `Reject the work: ${TITLE}` });
  await reject.getByRole('button', { name: 'Reject the work' }).click();
  await expect(reject.getByRole('alert')).toContainText('Say why the work is not accepted');
  await reject.getByLabel('Why is the work not accepted?').fill(WHY);
  await reject.getByRole('button', { name: 'Reject the work' }).click();
  await expect(main.getByText(`${TITLE}: rejected and back to open.`)).toBeVisible();
  await expect(statusOf(page)).toHaveText('Open');
  const last = main.getByRole('list', { name: 'Timeline, oldest first' }).getByRole('listitem').last();
  await expect(last).toContainText('Rejected (Awaiting verification → Open)');
  await expect(last).toContainText('by Jo Okafor');
  await expect(last).toContainText(`Why: ${WHY}`);
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Actions' }).click();
  await expect(main.getByRole('table', { name: 'Open actions, highest risk first' }).getByRole('link', { name: TITLE })).toBeVisible();
  await expect(main.getByText('No completed action waits for verification.')).toBeVisible();
  await signOut(page);

  // Estates find it in their queue again, open, and take it up once more.
  await signIn(page, 'estates');
  await page.getByRole('banner').getByRole('link', { name: 'Estates queue' }).click();
  const row = queue.getByRole('row', { name: new RegExp(TITLE) });
  await expect(row).toContainText('Open');
  await expect(row).toContainText('Cedar Ward');
  await queue.getByRole('link', { name: TITLE }).click();
  await expect(main.getByRole('list', { name: 'Timeline, oldest first' })).toContainText(`Why: ${WHY}`);
  await assignAction(page, 'Chris Dunn');
  await main.getByRole('button', { name: 'Start work' }).click();
  await expect(statusOf(page)).toHaveText('In progress');
  await page.close();
});

test('a due date moved into the past needs a reason, and the error names the field', async ({ browser, server }) => {
  const TITLE = 'Replace the curtain rail in Bedroom 1 with a collapsible one';
  const WHY = 'Agreed with estates: the rail was due last week and is now overdue';

  const page = await browser.newPage();
  const main = page.getByRole('main');
  await loadDemoTrust(page, server.url);
  await signIn(page, 'manager');
  await openWardActions(page, 'Cedar Ward');

  // Raising with a due date in the past and no reason: the due date is named.
  await main.getByRole('button', { name: 'Raise an action' }).click();
  const raise = main.getByRole('form', { name: 'Raise an action' });
  await raise.getByLabel('What needs doing').fill(TITLE);
  await raise.getByLabel('Risk band').selectOption({ label: 'High' });
  await raise.getByLabel('Due date (optional)').fill(isoDate(-5));
  await raise.getByRole('button', { name: 'Raise action' }).click();
  await expect(raise.getByRole('alert')).toContainText('is in the past');
  await expect(raise.getByLabel('Due date (optional)')).toHaveAccessibleDescription(/is in the past/);
  await raise.getByLabel('Due date (optional)').fill('');
  await raise.getByRole('button', { name: 'Raise action' }).click();
  await expect(main.getByText(`${TITLE} was raised, due`)).toBeVisible();

  // Moving its due date into the past without a reason: the reason is named.
  await main.getByRole('table', { name: 'Open actions, highest risk first' }).getByRole('link', { name: TITLE }).click();
  await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
  await main.getByRole('button', { name: 'Change due date' }).click();
  const due = main.getByRole('form', { name: 'Change the due date' });
  await due.getByLabel('New due date').fill(isoDate(-5));
  await due.getByRole('button', { name: 'Save due date' }).click();
  const problem = due.getByRole('alert');
  await expect(problem).toContainText('There is a problem');
  await expect(problem).toContainText('Give the reason for changing the due date');
  const reason = due.getByLabel('Reason for the change');
  await expect(reason).toHaveAccessibleDescription(/Give the reason for changing the due date/);
  await problem.getByRole('link', { name: 'Give the reason for changing the due date' }).click();
  await expect(reason).toBeFocused();

  // With the reason it is saved: overdue now, and the reason kept on the timeline.
  await reason.fill(WHY);
  await due.getByRole('button', { name: 'Save due date' }).click();
  await expect(main.getByText(/^The due date is now /)).toBeVisible();
  await expect(main.getByText('Overdue', { exact: true })).toBeVisible();
  const last = main.getByRole('list', { name: 'Timeline, oldest first' }).getByRole('listitem').last();
  await expect(last).toContainText('Due date changed');
  await expect(last).toContainText(`Why: ${WHY}`);
  await page.close();
});
