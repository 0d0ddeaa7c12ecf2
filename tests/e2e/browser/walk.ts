// Steps a person takes in several browser tests: signing in to the demo
// trust, walking an area of a walk-round, confirming a walk-round's drafts.
import { type Locator, type Page } from '@playwright/test';
import { expect } from './fixtures';

export async function signIn(page: Page, username: string, password = 'demo-password') {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'My wards' })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();
}

export async function settled(page: Page) {
  await expect(page.getByText('Saving…')).toHaveCount(0);
}

/** Answer every open question of the area shown as a person would, and re-assess its known points unchanged. */
export async function walkArea(page: Page, areaLink: Locator) {
  const name = ((await areaLink.locator('span').first().textContent()) ?? '').trim();
  await areaLink.click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  const main = page.getByRole('main');
  const yes = main.getByRole('radio', { name: 'Yes', exact: true });
  for (let i = 0; i < (await yes.count()); i++) {
    if (!(await yes.nth(i).isChecked())) await yes.nth(i).check();
  }
  const wardrobe = main.getByRole('combobox', { name: 'Wardrobe type' });
  if (await wardrobe.count()) await wardrobe.selectOption('Anti-ligature, sloping top');
  await settled(page);
  const reassess = main.getByRole('form', { name: /^Re-assess/ });
  while ((await reassess.count()) > 0) {
    const before = await reassess.count();
    await reassess.first().getByRole('button', { name: 'Save assessment' }).click();
    await expect(reassess).toHaveCount(before - 1);
  }
  await settled(page);
}

/** On the summary: confirm every draft action, one at a time, as a manager would. */
export async function confirmDrafts(page: Page) {
  const items = page.getByRole('list', { name: 'Draft actions from this walk-round' }).getByRole('listitem');
  const before = await items.count();
  expect(before).toBeGreaterThan(0);
  for (let left = before; left > 0; left--) {
    await items.first().getByRole('button', { name: /^Confirm/ }).click();
    await expect(page.getByRole('main').getByText(/confirmed as an open action\.$/)).toBeVisible();
    await expect(items).toHaveCount(left - 1);
  }
  await expect(page.getByText('No draft action from this walk-round is waiting.')).toBeVisible();
}

/** A 1×1 PNG, as a phone camera's photo would arrive. */
export function png(name: string) {
  return {
    name,
    mimeType: 'image/png',
    buffer: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005fe02fe0d4c9a2d0000000049454e44ae426082', 'hex'),
  };
}

/** A new install: load the demo trust and go on to the sign-in screen. */
export async function loadDemoTrust(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Load the demo trust' }).click();
  await page.getByRole('button', { name: 'Continue to sign in' }).click();
  await expect(page.getByLabel('Username')).toBeVisible();
}

/** From My wards: a ward's overview, then its Actions screen. */
export async function openWardActions(page: Page, ward: string) {
  await page.getByRole('region', { name: ward }).getByRole('link', { name: ward }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: ward })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: /View and raise actions/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Actions' })).toBeVisible();
}

/** On the ward's Actions screen: raise an action for estates; it is open, due by the trust's policy. */
export async function raiseAction(page: Page, title: string) {
  const main = page.getByRole('main');
  await main.getByRole('button', { name: 'Raise an action' }).click();
  const form = main.getByRole('form', { name: 'Raise an action' });
  await form.getByLabel('Area').selectOption({ label: 'Bedroom 1' });
  await form.getByLabel('What needs doing').fill(title);
  await form.getByLabel('Risk band').selectOption({ label: 'High' });
  await form.getByLabel('Trade').selectOption({ label: 'Joinery' });
  await form.getByRole('button', { name: 'Raise action' }).click();
  await expect(main.getByText(`${title} was raised, due`)).toBeVisible();
}

/** On an action: assign it to `who` (an estates officer). */
export async function assignAction(page: Page, who: string) {
  const main = page.getByRole('main');
  await main.getByRole('button', { name: 'Assign' }).click();
  const assign = main.getByRole('form', { name: /^Assign:/ });
  await assign.getByLabel('Assign to').selectOption({ label: who });
  await assign.getByRole('button', { name: 'Assign' }).click();
  await expect(main.getByText(`Assigned to ${who}.`)).toBeVisible();
}

/** On an action: complete it with a note and a photo as evidence. */
export async function completeAction(page: Page, note: string, photo: string) {
  const main = page.getByRole('main');
  await main.getByRole('button', { name: 'Complete' }).click();
  const complete = main.getByRole('form', { name: /^Complete:/ });
  await complete.getByLabel('What was done').fill(note);
  await complete.getByLabel(/Photo of the finished work/).setInputFiles(png(photo));
  await expect(complete.getByText(photo)).toBeVisible();
  await complete.getByRole('button', { name: 'Complete the action' }).click();
  await expect(main.getByText(/^Completed: it now waits/)).toBeVisible();
}
