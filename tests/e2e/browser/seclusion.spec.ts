// Seclusion from start to end (issue 5; Code of Practice chapter 26): the
// ward manager records a seclusion on Cedar Ward (a PICU with a seclusion
// suite) that began two hours ago, authorised by a nurse, so the first
// medical review (due within the hour) was missed. The manager hears of
// it under For you; the matron's board shows it overdue in red; the matron
// ends the seclusion, records a use of force from its page as part of it,
// and signs it off from the board. The patient's name and
// NHS number never reach the app's log.
import { type Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { loadDemoTrust, signIn, signOut } from './walk';

const PATIENT = 'Jordan Example';
const NHS = '943 476 5919';

/** `minutes` ago on the ward's clock, as a datetime-local input takes it ("2026-01-12T10:00"). */
function londonInput(minutesAgo: number): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() - minutesAgo * 60_000));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

async function openCedarSeclusion(page: Page) {
  await page.getByRole('region', { name: 'Cedar Ward' }).getByRole('link', { name: 'Cedar Ward' }).first().click();
  await page.getByRole('link', { name: 'Seclusion and segregation on this ward' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Seclusion and segregation' })).toBeVisible();
}

test('a seclusion from start to end, with its missed medical review on the matron\'s board', async ({ page, server }) => {
  const main = page.getByRole('main');
  const header = page.getByRole('banner');
  await loadDemoTrust(page, server.url);

  // The manager records the seclusion, begun two hours ago on a nurse's authority.
  await signIn(page, 'manager');
  await openCedarSeclusion(page);
  await main.getByRole('link', { name: 'Start seclusion' }).click();
  await main.getByLabel("Patient's name").fill(PATIENT);
  await main.getByLabel('NHS number').fill('943 476 5918');
  await main.getByLabel('Seclusion room').selectOption({ label: 'Seclusion suite' });
  await main.getByLabel('Authorised by').fill('Sam Okoro');
  await main.getByLabel('Their role').selectOption({ label: 'Registered nurse' });
  await main.getByLabel('Reason for seclusion').fill('Serious assault on a member of staff; de-escalation failed');
  await main.getByLabel('Started at').fill(londonInput(120));
  await main.getByRole('button', { name: 'Start seclusion' }).click();
  // A wrong check digit is refused next to its field, and nothing is started.
  await expect(main.getByRole('alert')).toContainText('NHS number');
  await main.getByLabel('NHS number').fill(NHS);
  await main.getByRole('button', { name: 'Start seclusion' }).click();

  await expect(main.getByRole('heading', { level: 1, name: `Seclusion: ${PATIENT}` })).toBeVisible();
  const reviews = main.getByRole('table', { name: /Reviews and observations/ });
  await expect(reviews.getByRole('row', { name: /first medical review/ })).toContainText(/Overdue by (1 hour|6\d minutes)/);
  await expect(main.getByText('Review overdue')).toBeVisible();

  // An observation now: the prompt moves on to the next one, 15 minutes later.
  await main.getByRole('button', { name: 'Record observation' }).click();
  const obs = main.getByRole('form', { name: 'Record an observation' });
  await obs.getByLabel('Observed by').selectOption({ label: 'Registered nurse' });
  await obs.getByRole('button', { name: 'Save observation' }).click();
  await expect(main.getByText(/Observation recorded for/)).toBeVisible();
  await expect(main.getByRole('region', { name: 'Observations' })).toContainText(/Next observation due in 1[45] minutes/);

  // The manager records on Cedar Ward, so the missed review is theirs to hear of.
  await header.getByRole('link', { name: /^For you \d+ things? needs? your attention$/ }).click();
  await expect(main.getByRole('heading', { name: /Seclusion and segregation: missed/ })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Seclusion: first medical review' })).toBeVisible();
  await expect(main).toContainText('Cedar Ward, Seclusion suite');
  await expect(main).not.toContainText(PATIENT);
  await signOut(page);

  // The matron's board: the seclusion, overdue in red.
  await signIn(page, 'matron');
  await header.getByRole('link', { name: 'Seclusion board' }).click();
  await expect(main.getByRole('heading', { level: 1, name: 'Seclusion and segregation board' })).toBeVisible();
  const active = main.getByRole('table', { name: 'Active episodes, most urgent first' });
  const row = active.getByRole('row', { name: new RegExp(PATIENT) });
  await expect(row).toContainText('Overdue');
  await expect(row).toContainText(/Seclusion: first medical review: overdue by 1 hour/);
  await expect(row.locator('.ws-red').first()).toHaveCSS('color', 'rgb(213, 40, 27)');

  // The matron ends it.
  await row.getByRole('link', { name: PATIENT }).click();
  await main.getByRole('button', { name: 'End seclusion' }).click();
  const end = main.getByRole('form', { name: 'End the seclusion' });
  await end.getByLabel('How it ended').selectOption({ label: 'Ended at a review: no longer needed' });
  await end.getByRole('group', { name: 'Was the patient offered a debrief?' }).getByLabel('Yes').check();
  await end.getByRole('button', { name: 'Confirm end of seclusion' }).click();
  await expect(main.getByText('The seclusion has ended.')).toBeVisible();
  await expect(main.getByRole('strong').filter({ hasText: /^Ended$/ })).toBeVisible();
  await expect(main.getByRole('button', { name: 'End seclusion' })).toHaveCount(0);

  // A use of force during the seclusion, recorded from its page, belongs to it
  // and starts with its patient (s6 (e), (g)).
  await main.getByRole('link', { name: 'Record a use of force during this episode' }).click();
  await expect(main.getByText(`This use of force is recorded as part of the seclusion of ${PATIENT}`, { exact: false })).toBeVisible();
  await expect(main.getByLabel("(e) The patient's name")).toHaveValue(PATIENT);
  await main.getByLabel('The force used was negligible').check();
  await main.getByLabel('Why the force was negligible').fill('A guiding hand into the seclusion room');
  await main.getByRole('button', { name: 'Save the use of force record' }).click();
  await main.getByRole('link', { name: 'View the seclusion or segregation' }).click();
  await expect(main.getByRole('heading', { level: 1, name: `Seclusion: ${PATIENT}` })).toBeVisible();

  // Back on the board it is no longer active, and waits for her sign-off with what was missed.
  await header.getByRole('link', { name: 'Seclusion board' }).click();
  await expect(main.getByRole('table', { name: 'Active episodes, most urgent first' })).toHaveCount(0);
  const awaiting = main.getByRole('table', { name: 'Ended episodes awaiting sign-off, most recently ended first' });
  const ended = awaiting.getByRole('row', { name: new RegExp(PATIENT) });
  await expect(ended).toContainText(/missed/i);
  await ended.getByRole('button', { name: `Sign off ${PATIENT}'s seclusion` }).click();
  const signOff = main.getByRole('form', { name: 'Sign off the episode' });
  await signOff.getByLabel('Your comment').fill('First medical review missed: raised with the on-call rota lead');
  await signOff.getByRole('button', { name: 'Sign off', exact: true }).click();
  await expect(main.getByText(`${PATIENT}'s seclusion is signed off.`)).toBeVisible();
  await expect(main.getByText('Every ended episode has been signed off.')).toBeVisible();

  // Nothing that identifies the patient was written to the app's log.
  const log = server.log();
  expect(log).not.toContain(PATIENT);
  expect(log).not.toContain('9434765919');
  expect(log).not.toContain(NHS);
});
