// The risk dashboard and the remediation policy (issue 4): a matron opens the
// dashboard for the whole trust and finds each ward's figures as the ward's own
// screens show them; switches to one ward; raises an action and sees the
// dashboard count it. An administrator shortens the days to fix a high risk,
// and the next high action raised is due by the new policy.
// Elements are found by role and label, as a person finds them.
import { type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { signIn, signOut } from './walk';

const main = (page: Page) => page.getByRole('main');

/** A number shown in one of the dashboard's "Needs attention" rows. */
async function figure(page: Page, key: string): Promise<number> {
  const row = main(page).locator('.nhsuk-summary-list__row').filter({ has: page.getByText(key, { exact: true }) });
  return Number(((await row.locator('dd').textContent()) ?? '').trim());
}

/** The numbers of a table row, cell by cell (the row header left out). */
async function cells(row: ReturnType<Page['getByRole']>): Promise<number[]> {
  return (await row.getByRole('cell').allTextContents()).map((t) => Number(t.trim().split(/\s/)[0]));
}

const wardsTable = (page: Page) => main(page).getByRole('table', { name: "Each ward's open risks and actions" });
const byBand = (page: Page) => main(page).getByRole('table', { name: /^Actions by risk band/ });

async function openDashboard(page: Page) {
  await page.getByRole('banner').getByRole('link', { name: 'Risk dashboard' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Risk dashboard' })).toBeVisible();
}

/** This month's row of the monthly figures (the last), once the table is open. */
async function thisMonth(page: Page): Promise<number[]> {
  const details = main(page).locator('details').filter({ hasText: 'Show the monthly figures as a table' });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.getByText('Show the monthly figures as a table').click();
  const rows = main(page).getByRole('table', { name: 'Actions month by month, oldest first' }).getByRole('row');
  await expect(rows).toHaveCount(13);
  return cells(rows.last());
}

/** On a ward's Actions screen: how many are open and awaiting verification (drafts aside). */
async function outstandingOnActionsScreen(page: Page): Promise<number> {
  await expect(page.getByRole('heading', { level: 1, name: 'Actions' })).toBeVisible();
  let n = 0;
  for (const name of [/^Open \(\d+\)$/, /^Awaiting verification \(\d+\)$/]) {
    const text = (await main(page).getByRole('heading', { level: 2, name }).textContent()) ?? '';
    n += Number(/\((\d+)\)/.exec(text)?.[1]);
  }
  return n;
}

/** The count on the ward overview's "Extreme" open-risk tag (0 when there is none). */
async function openExtremeOnOverview(page: Page): Promise<number> {
  await expect(page.getByRole('heading', { level: 2, name: 'Ligature register' })).toBeVisible();
  const extreme = page.getByRole('list', { name: 'Open ligature risks by band' }).getByText(/Extreme$/);
  if ((await extreme.count()) === 0) return 0;
  return Number(((await extreme.textContent()) ?? '').trim().split(' ')[0]);
}

async function raiseHighAction(page: Page, title: string): Promise<string> {
  await main(page).getByRole('button', { name: 'Raise an action' }).click();
  const form = main(page).getByRole('form', { name: 'Raise an action' });
  await form.getByLabel('Area').selectOption({ index: 1 });
  await form.getByLabel('What needs doing').fill(title);
  await form.getByLabel('Risk band').selectOption({ label: 'High' });
  const hint = ((await form.getByText(/^Leave empty for the trust's policy/).textContent()) ?? '').trim();
  await form.getByRole('button', { name: 'Raise action' }).click();
  await expect(main(page).getByText(new RegExp(`^${title} was raised, due `))).toBeVisible();
  return hint;
}

/** The date `days` from today in London, as the screens write it ("5 Mar 2026"). */
function dueIn(page: Page, days: number): Promise<string> {
  return page.evaluate((d) => {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date());
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    const due = new Date(Date.UTC(get('year'), get('month') - 1, get('day') + d));
    return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(due);
  }, days);
}

test("the risk dashboard shows each ward's figures, follows a new action, and the policy sets its due date", async ({ browser, server }) => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Load the demo trust' }).click();
  await page.getByRole('button', { name: 'Continue to sign in' }).click();
  await signIn(page, 'matron');

  // The whole trust: a row for each of the demo's six wards.
  await openDashboard(page);
  await expect(main(page).locator('.nhsuk-caption-l')).toHaveText('The whole trust');
  await expect(wardsTable(page).getByRole('row')).toHaveCount(7);
  const trustOutstanding = await figure(page, 'Outstanding actions');
  const [cedarExtreme, , cedarOutstanding] = await cells(wardsTable(page).getByRole('row', { name: /^Cedar Ward/ }));
  const raisedThisMonth = (await thisMonth(page))[0];
  // Two charts, each an image described in words.
  await expect(main(page).getByRole('img', { name: /^Bar chart of actions raised and closed each month/ })).toBeVisible();
  await expect(main(page).getByRole('img', { name: /^Line chart of actions open and overdue/ })).toBeVisible();
  await expect(main(page).locator('canvas')).toHaveCount(2);

  // The same figures on Cedar Ward's own screens.
  await wardsTable(page).getByRole('link', { name: "view Cedar Ward's actions" }).click();
  expect(await outstandingOnActionsScreen(page)).toBe(cedarOutstanding);
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Cedar Ward' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cedar Ward' })).toBeVisible();
  expect(await openExtremeOnOverview(page)).toBe(cedarExtreme);

  // From the ward's overview to its own dashboard; then to the trust and back to the ward with the scope picker.
  await main(page).getByRole('link', { name: 'Risk dashboard for this ward' }).click();
  await expect(main(page).locator('.nhsuk-caption-l')).toHaveText('Cedar Ward');
  await expect(wardsTable(page).getByRole('row')).toHaveCount(2);
  const scope = main(page).getByLabel('Show figures for');
  await expect(scope).toHaveValue(/^ward:/);
  await scope.selectOption({ label: 'The whole trust' });
  await main(page).getByRole('button', { name: 'Show' }).click();
  await expect(wardsTable(page).getByRole('row')).toHaveCount(7);
  await scope.selectOption({ label: 'Riverside Hospital' });
  await main(page).getByRole('button', { name: 'Show' }).click();
  await expect(main(page).locator('.nhsuk-caption-l')).toHaveText('Riverside Hospital');
  await expect(wardsTable(page).getByRole('row')).toHaveCount(4);
  await scope.selectOption({ label: 'Cedar Ward' });
  await main(page).getByRole('button', { name: 'Show' }).click();
  await expect(wardsTable(page).getByRole('row')).toHaveCount(2);
  expect(await figure(page, 'Outstanding actions')).toBe(cedarOutstanding);
  const highBefore = (await cells(byBand(page).getByRole('row', { name: /^High/ })))[0];

  // A new high action on Cedar Ward: the ward's dashboard counts it, outstanding and raised this month.
  await main(page).getByRole('link', { name: /^View and raise actions/ }).click();
  const hint = await raiseHighAction(page, 'Replace the wardrobe hinge in the quiet room');
  expect(hint).toBe("Leave empty for the trust's policy: 28 days for a high risk.");
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: 'Risk dashboard' })).toBeVisible();
  await expect.poll(() => figure(page, 'Outstanding actions')).toBe(cedarOutstanding + 1);
  expect((await cells(byBand(page).getByRole('row', { name: /^High/ })))[0]).toBe(highBefore + 1);
  expect((await thisMonth(page))[0]).toBe(raisedThisMonth + 1);
  await openDashboard(page);
  await expect.poll(() => figure(page, 'Outstanding actions')).toBe(trustOutstanding + 1);
  await signOut(page);

  // The administrator shortens the days to fix a high risk.
  await signIn(page, 'admin');
  await page.getByRole('banner').getByRole('link', { name: 'Set up the trust' }).click();
  const policy = main(page).getByRole('form', { name: 'Change the remediation policy' });
  await expect(policy.getByLabel('High risk: days to fix')).toHaveValue('28');
  await policy.getByLabel('High risk: days to fix').fill('0');
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await expect(policy.getByRole('alert')).toContainText('Enter the days to fix a high risk as a whole number from 1 to 3650');
  // A worse band may not take longer than a milder one: the backend says which field.
  await policy.getByLabel('High risk: days to fix').fill('100');
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await expect(policy.getByRole('alert')).toContainText('Days to fix a high risk (100) must not be more than days to fix a moderate risk (90)');
  await expect(policy.getByLabel('High risk: days to fix')).toHaveAttribute('aria-invalid', 'true');
  await policy.getByLabel('High risk: days to fix').fill('14');
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await expect(policy.getByRole('status')).toContainText('The remediation policy was saved.');
  await page.reload();
  await expect(main(page).getByRole('form', { name: 'Change the remediation policy' }).getByLabel('High risk: days to fix')).toHaveValue('14');
  await signOut(page);

  // The next high action is due by the new policy.
  await signIn(page, 'matron');
  await page.getByRole('region', { name: 'Cedar Ward' }).getByRole('link', { name: 'Cedar Ward' }).click();
  await main(page).getByRole('link', { name: /View and raise actions/ }).click();
  const newHint = await raiseHighAction(page, 'Box in the exposed pipe in the bathroom');
  expect(newHint).toBe("Leave empty for the trust's policy: 14 days for a high risk.");
  await expect(main(page).getByText(`Box in the exposed pipe in the bathroom was raised, due ${await dueIn(page, 14)}.`)).toBeVisible();
  await page.close();
});
