// A new trust from nothing: on a fresh install the first administrator is
// created, then a site, a ward, its areas and a ward manager; the manager signs
// in, walks the new ward, records a ligature point, completes and signs off.
// Elements are found by role and label, as a person finds them.
import { type Locator, type Page } from '@playwright/test';
import { test, expect } from './fixtures';

async function settled(page: Page) {
  await expect(page.getByText('Saving…')).toHaveCount(0);
}

/** Answer every question of the area shown: Yes, and a passing option for any select. */
async function answerArea(page: Page, main: Locator) {
  const yes = main.getByRole('radio', { name: 'Yes', exact: true });
  const count = await yes.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    if (!(await yes.nth(i).isChecked())) await yes.nth(i).check();
  }
  await settled(page);
  const questions = main.getByRole('group');
  for (let i = 0; i < (await questions.count()); i++) {
    const question = questions.nth(i);
    const select = question.getByRole('combobox');
    if ((await select.count()) !== 1) continue;
    const options = (await select.getByRole('option').allTextContents()).map((o) => o.trim()).filter((o) => o !== 'Choose an answer');
    let passed = false;
    for (const option of options) {
      await select.selectOption({ label: option });
      await settled(page);
      // A failing choice makes the comment required.
      if ((await question.getByLabel('Comment (required)').count()) === 0) {
        passed = true;
        break;
      }
    }
    expect(passed, 'a select has a passing option').toBe(true);
  }
  await settled(page);
}

test('an administrator sets up a new trust; its ward manager walks the new ward and signs it off', async ({ browser, server }) => {
  const page = await browser.newPage();
  await page.goto(server.url);
  const main = page.getByRole('main');

  // First run: a new trust and its first administrator.
  await expect(page.getByRole('heading', { name: 'Set up Wardsafe' })).toBeVisible();
  await page.getByRole('button', { name: 'Set up a new trust' }).click();
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Display name').fill('Ada Okafor');
  await page.getByLabel('Password').fill('admin-password');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByRole('heading', { name: 'My wards' })).toBeVisible();
  await expect(main).toContainText('There are no wards yet');

  // Trust set-up from the My wards page.
  await main.getByRole('link', { name: 'Set up the trust' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up the trust' })).toBeVisible();

  const siteForm = page.getByRole('form', { name: 'Add a site' });
  await siteForm.getByLabel('Site name').fill('Riverside Hospital');
  await siteForm.getByRole('button', { name: 'Save site' }).click();
  await expect(siteForm.getByRole('status')).toContainText('Riverside Hospital was added');
  await expect(main.getByRole('heading', { level: 3, name: 'Riverside Hospital' })).toBeVisible();

  // A ward needs its specialty: the error is named next to it.
  const wardForm = page.getByRole('form', { name: 'Add a ward' });
  await expect(wardForm.getByLabel('Site', { exact: true })).toHaveValue(/.+/);
  await wardForm.getByLabel('Ward name').fill('Elm Ward');
  await wardForm.getByRole('button', { name: 'Save ward' }).click();
  await expect(wardForm.getByRole('alert')).toContainText('Choose the specialty of the ward');
  await wardForm.getByLabel('Specialty').selectOption({ label: 'Acute adult' });
  await wardForm.getByRole('button', { name: 'Save ward' }).click();
  await expect(wardForm.getByRole('status')).toContainText('Elm Ward was added to Riverside Hospital');
  await expect(wardForm.getByRole('alert')).toHaveCount(0);

  // Areas are added on the ward's own page.
  await page.getByRole('table', { name: 'Wards at Riverside Hospital' }).getByRole('link', { name: 'Add or view areas of Elm Ward' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Elm Ward' })).toBeVisible();
  for (const [name, type] of [
    ['Bedroom 1', 'Bedroom'],
    ['Main lounge', 'Lounge'],
  ]) {
    await main.getByRole('button', { name: 'Add an area' }).click();
    const areaForm = main.getByRole('form', { name: 'Add an area' });
    await areaForm.getByLabel('Area name').fill(name);
    await areaForm.getByLabel('Type of area').selectOption({ label: type });
    await areaForm.getByRole('button', { name: 'Save area' }).click();
    await expect(main.getByText(`${name} was added`)).toBeVisible();
  }
  const areaTable = main.getByRole('table', { name: 'Areas in walking order' });
  await expect(areaTable.getByRole('row')).toHaveCount(3);
  await expect(areaTable.getByRole('row', { name: /Bedroom 1/ })).toContainText('Tier 3');

  // A ward manager for the new ward, from the header link.
  await page.getByRole('banner').getByRole('link', { name: 'Set up the trust' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up the trust' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Wards at Riverside Hospital' }).getByRole('row', { name: /Elm Ward/ })).toContainText('2 areas');
  const userForm = page.getByRole('form', { name: 'Add a user' });
  await userForm.getByLabel('Username').fill('priya.shah');
  await userForm.getByLabel('Display name').fill('Priya Shah');
  await userForm.getByLabel('Password').fill('manager-password');
  const role1 = userForm.getByRole('group', { name: 'Role 1' });
  await role1.getByLabel('Role', { exact: true }).selectOption({ label: 'Ward manager' });
  await role1.getByLabel('Ward', { exact: true }).selectOption({ label: 'Elm Ward' });
  await userForm.getByRole('button', { name: 'Save user' }).click();
  await expect(userForm.getByRole('status')).toContainText('Priya Shah was added. They can now sign in as priya.shah.');
  const users = page.getByRole('table', { name: /^Users/ });
  await expect(users.getByRole('row', { name: /Priya Shah/ })).toContainText('Ward manager – Elm Ward (Riverside Hospital)');
  await expect(users.getByRole('row', { name: /Ada Okafor/ })).toContainText('Administrator – every ward');

  // The administrator signs out; the ward manager signs in.
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();
  await page.getByLabel('Username').fill('priya.shah');
  await page.getByLabel('Password').fill('manager-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'My wards' })).toBeVisible();
  // Only an administrator is offered the trust set-up.
  await expect(page.getByRole('link', { name: 'Set up the trust' })).toHaveCount(0);

  const elm = page.getByRole('region', { name: 'Elm Ward' });
  await expect(elm).toContainText('Riverside Hospital');
  await elm.getByRole('button', { name: 'Start ligature walk-round' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Environmental ligature walk-round' })).toBeVisible();
  const areas = page.getByRole('navigation', { name: 'Areas of the ward' }).getByRole('link');
  await expect(areas).toHaveCount(2);

  // The bedroom: every question answered, and one new ligature point.
  await areas.filter({ hasText: 'Bedroom 1' }).click();
  await expect(main.getByRole('heading', { level: 2, name: 'Bedroom 1' })).toBeVisible();
  await answerArea(page, main);
  await main.getByRole('button', { name: 'Add a ligature point' }).click();
  const newPoint = main.getByRole('form', { name: 'New ligature point' });
  await newPoint.getByLabel('Fixture type').selectOption({ label: 'Curtain or blind rail' });
  await newPoint.getByLabel('Location').fill('Window, curtain rail above the bed');
  await newPoint.getByLabel('Height band').selectOption({ label: 'Above 2 m' });
  await newPoint.getByLabel('Likelihood', { exact: true }).selectOption({ label: '2 – Unlikely' });
  await newPoint.getByLabel('Consequence', { exact: true }).selectOption({ label: '5 – Catastrophic' });
  await expect(newPoint.getByText('10 High')).toBeVisible();
  await newPoint.getByRole('button', { name: 'Save assessment' }).click();
  await expect(main.getByText('Window, curtain rail above the bed').first()).toBeVisible();
  await expect(areas.filter({ hasText: 'Bedroom 1' })).toContainText('Done');

  // The lounge.
  await areas.filter({ hasText: 'Main lounge' }).click();
  await expect(main.getByRole('heading', { level: 2, name: 'Main lounge' })).toBeVisible();
  await answerArea(page, main);
  await expect(areas.filter({ hasText: 'Main lounge' })).toContainText('Done');

  // Complete, then sign off.
  await page.getByRole('button', { name: 'Complete walk-round' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Summary/ })).toBeVisible();
  await expect(main.getByText('No critical item failed.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Points that changed' }).getByRole('row', { name: /Window, curtain rail above the bed/ })).toContainText('New');
  // The high-risk point became a draft action; the manager confirms it before signing off.
  const drafts = main.getByRole('list', { name: 'Draft actions from this walk-round' });
  await expect(drafts.getByRole('listitem')).toHaveCount(1);
  const draft = drafts.getByRole('region', { name: 'Bedroom 1: high ligature risk — Curtain or blind rail, Window, curtain rail above the bed' });
  await expect(draft).toContainText('High');
  await expect(draft).toContainText(/Due \d{1,2} \w{3} \d{4}/);
  await draft.getByRole('button', { name: /^Confirm/ }).click();
  await expect(main.getByText(/confirmed as an open action\.$/)).toBeVisible();
  await expect(main.getByText('No draft action from this walk-round is waiting.')).toBeVisible();
  await page.getByRole('button', { name: 'Sign off' }).click();
  await expect(page.getByText(/^Signed off .* by Priya Shah\.$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign off' })).toHaveCount(0);
  await page.close();
});
