// Ward staff run the daily ward safety check; the ward manager downloads the
// register as a PDF. What a role may not do is not offered, and refused if tried.
import { test, expect } from './fixtures';

test('ward staff complete the daily safety check; the register downloads as a PDF', async ({ browser, server }) => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Load the demo trust' }).click();
  await page.getByRole('button', { name: 'Continue to sign in' }).click();
  await page.getByLabel('Username').fill('nurse');
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  const willow = page.getByRole('region', { name: 'Willow Ward' });
  await willow.getByRole('button', { name: 'Start daily safety check' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Daily ward safety check' })).toBeVisible();
  const main = page.getByRole('main');
  const yes = main.getByRole('radio', { name: 'Yes', exact: true });
  for (let i = 0; i < (await yes.count()); i++) await yes.nth(i).check();
  const keys = main.getByRole('group', { name: /keys and fobs/ });
  await keys.getByRole('radio', { name: 'No', exact: true }).check();
  await keys.getByRole('textbox').first().fill('Fob 3 with the day porter');
  await keys.getByRole('textbox').first().blur();
  await expect(page.getByText('Saving…')).toHaveCount(0);
  await page.getByRole('button', { name: 'Complete safety check' }).click();
  await expect(page.getByRole('heading', { name: 'Other failed items' })).toBeVisible();
  await expect(main).toContainText('Are all keys and fobs accounted for?');
  // Ward staff may not sign off: no button is offered.
  await expect(page.getByRole('button', { name: 'Sign off' })).toHaveCount(0);

  // The ligature register as a PDF for the inspection evidence pack.
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Willow Ward' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download register PDF' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^willow-ward-ligature-register-.*\.pdf$/);
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).subarray(0, 4).toString()).toBe('%PDF');
  await page.close();
});
