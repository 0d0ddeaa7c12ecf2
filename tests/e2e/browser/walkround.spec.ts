// A new user on a fresh install: loads the demo trust, signs in, walks a
// ward area by area, closes the page half-way, comes back to find every
// answer kept, finishes, completes, signs off and reads the summary.
// Elements are found by role and label, as a person finds them.
import { test, expect } from './fixtures';
import { confirmDrafts, png, settled, signIn, walkArea } from './walk';

test('a ward manager does a whole walk-round, leaves half-way, comes back, completes and signs off', async ({ browser, server }) => {
  let page = await browser.newPage();
  await page.goto(server.url);

  // First run: the demo trust.
  await expect(page.getByRole('heading', { name: 'Set up Wardsafe' })).toBeVisible();
  await page.getByRole('button', { name: 'Load the demo trust' }).click();
  await expect(page.getByRole('status')).toContainText('The demo trust is loaded');
  await page.getByRole('button', { name: 'Continue to sign in' }).click();

  // A wrong password is refused with a message.
  await page.getByLabel('Username').fill('manager');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('do not match');
  await signIn(page, 'manager');

  const cedar = page.getByRole('region', { name: 'Cedar Ward' });
  await cedar.getByRole('button', { name: 'Start ligature walk-round' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Environmental ligature walk-round' })).toBeVisible();

  const areas = page.getByRole('navigation', { name: 'Areas of the ward' }).getByRole('link');
  const count = await areas.count();
  expect(count).toBe(9);

  // Bedroom 1: a failed critical item with its comment, and a new extreme point.
  await walkArea(page, areas.nth(0));
  const main = page.getByRole('main');
  const intact = main.getByRole('group', { name: /Are anti-ligature fittings intact/ });
  await intact.getByRole('radio', { name: 'No', exact: true }).check();
  await settled(page);
  await intact.getByRole('textbox').first().fill('Wardrobe hinge cover missing; estates called');
  await intact.getByRole('textbox').first().blur();
  await settled(page);
  await intact.getByLabel(/photo/i).first().setInputFiles(png('hinge.png'));
  await expect(intact.getByText(/hinge\.png/)).toBeVisible();
  await settled(page);

  await main.getByRole('button', { name: 'Add a ligature point' }).click();
  const newPoint = main.getByRole('form', { name: 'New ligature point' });
  await newPoint.getByLabel('Fixture type').selectOption({ label: 'Wardrobe' });
  await newPoint.getByLabel('Location').fill('Wardrobe door, top hinge');
  await newPoint.getByLabel('Height band').selectOption({ label: '1 m to 2 m' });
  await newPoint.getByLabel('Likelihood', { exact: true }).selectOption({ label: '4 – Likely' });
  await newPoint.getByLabel('Consequence', { exact: true }).selectOption({ label: '5 – Catastrophic' });
  await expect(newPoint.getByText('20 Extreme')).toBeVisible();
  await newPoint.getByRole('button', { name: 'Save assessment' }).click();
  await expect(main.getByText('Wardrobe door, top hinge').first()).toBeVisible();

  // Half the ward walked, then the page is closed.
  for (let i = 1; i < 4; i++) await walkArea(page, areas.nth(i));
  const progressBefore = await page.getByText(/^Progress:/).textContent();
  await page.close();

  // Coming back: sign in again and continue where it was left.
  page = await browser.newPage();
  await page.goto(server.url);
  await signIn(page, 'manager');
  await page.getByRole('region', { name: 'Cedar Ward' }).getByRole('link', { name: /^Continue/ }).click();
  await expect(page.getByText(/^Progress:/)).toHaveText(progressBefore!);
  const again = page.getByRole('navigation', { name: 'Areas of the ward' }).getByRole('link');
  await again.nth(0).click();
  await expect(page.getByRole('main').getByText('Wardrobe door, top hinge').first()).toBeVisible();
  const kept = page.getByRole('main').getByRole('group', { name: /Are anti-ligature fittings intact/ });
  await expect(kept.getByRole('radio', { name: 'No', exact: true })).toBeChecked();

  // Completing too early names what is missing.
  await page.getByRole('button', { name: 'Complete walk-round' }).click();
  await expect(page.getByRole('alert').first()).toContainText('need attention');

  for (let i = 4; i < count; i++) await walkArea(page, again.nth(i));
  await page.getByRole('button', { name: 'Complete walk-round' }).click();

  // The summary: counts, the failed critical item, the new point.
  await expect(page.getByRole('heading', { name: 'Failed critical items' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Are anti-ligature fittings intact');
  await expect(page.getByRole('heading', { name: 'Changes since the previous walk-round' })).toBeVisible();
  // One new point; the ten known ones re-assessed unchanged.
  await expect(page.getByRole('table', { name: 'Ligature points by change' }).getByRole('row').nth(1)).toHaveAccessibleName('1 0 10 0 0 0');
  const changed = page.getByRole('table', { name: 'Points that changed' });
  await expect(changed.getByRole('row', { name: /Wardrobe door, top hinge/ })).toContainText('New');

  // The findings became draft actions: signing off is refused until the
  // manager has dealt with each, so the manager confirms them first.
  const drafts = page.getByRole('list', { name: 'Draft actions from this walk-round' });
  await expect(drafts).toBeVisible();
  await expect(drafts.getByRole('region', { name: /^Bedroom 1: extreme ligature risk — Wardrobe, Wardrobe door, top hinge$/ })).toContainText('Extreme');
  await expect(drafts.getByRole('region', { name: /failed critical check — Are anti-ligature fittings intact/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign off' })).toHaveAccessibleDescription(/need(s)? to be confirmed, merged or dismissed/);
  await confirmDrafts(page);

  await page.getByRole('button', { name: 'Sign off' }).click();
  await expect(page.getByText(/^Signed off .* by Sam Patel\.$/)).toBeVisible();
  // After sign-off the walk-round cannot be signed off again.
  await expect(page.getByRole('button', { name: 'Sign off' })).toHaveCount(0);
  await page.close();
});
