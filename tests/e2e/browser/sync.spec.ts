// Two devices and the trust's server, as people use them: the administrator's
// laptop sends the demo trust to a new server and issues a code for a ward
// tablet; the tablet connects from its first screen and its ward manager signs
// in with the trust's credentials; the matron works on the laptop. A change on one device shows on the other
// without a reload; with the server down each device keeps working and says
// what is waiting; a safety-critical detail changed on both meanwhile becomes a
// conflict that a person resolves, and both devices end with the value chosen.
// Real processes only: two `wardsafe serve` and one `wardsafe-server`.
// Elements are found by role, label and text, as a person finds them.
import { type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import {
  expect,
  issueCodeFromCli,
  restartTrustServer,
  startServer,
  startTrustServer,
  stopTrustServer,
  test,
  type Server,
  type TrustServer,
} from './fixtures';

// Sync runs in the background and backs off while the server is away: give
// each wait for it room on a slow, busy machine.
const SYNC = { timeout: 60_000 };
test.use({ actionTimeout: 30_000 });

const POINT = 'Curtain rail by the window (sync test)';
const POINT_RE = POINT.replace(/[()]/g, '\\$&');
const REGISTER = 'Ligature register, highest risk first';

/** The sync status strip shown on every screen. */
const strip = (page: Page) => page.getByRole('region', { name: "Sync with the trust's server" });

async function signIn(page: Page, username: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My wards' })).toBeVisible();
}

async function openDevice(browser: Browser, device: Server): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(device.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Set up Wardsafe' })).toBeVisible();
  return page;
}

/** Open Cedar Ward from My wards. */
async function openCedar(page: Page) {
  await page.getByRole('region', { name: 'Cedar Ward' }).getByRole('link', { name: 'Cedar Ward' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cedar Ward' })).toBeVisible();
}

/** The test point's row in the ward's ligature register (on the Cedar Ward screen). */
const registerRow = (page: Page) => page.getByRole('table', { name: REGISTER }).getByRole('row', { name: new RegExp(POINT_RE) });

/** On the walk-round, in the point's area: change its re-assessment to `likelihood` × catastrophic. */
async function reassess(page: Page, area: string, likelihood: string, expected: string) {
  const main = page.getByRole('main');
  await page.getByRole('navigation', { name: 'Areas of the ward' }).getByRole('link', { name: new RegExp(`^${area} (Done|\\d+ to do)$`) }).click();
  await expect(main.getByRole('heading', { level: 2, name: area })).toBeVisible();
  await main.getByRole('button', { name: new RegExp(`^Change the re-assessment of .*${POINT_RE}`) }).click();
  const form = main.getByRole('form', { name: new RegExp(`^Re-assess .*${POINT_RE}`) });
  await form.getByLabel('Likelihood', { exact: true }).selectOption({ label: likelihood });
  await form.getByLabel('Consequence', { exact: true }).selectOption({ label: '5 – Catastrophic' });
  await expect(form.getByText(expected)).toBeVisible();
  await form.getByRole('button', { name: 'Save assessment' }).click();
  await expect(form).toHaveCount(0);
  await expect(page.getByText('Saving…')).toHaveCount(0);
}

/** From the walk-round, back to the ward screen. */
async function backToCedar(page: Page) {
  await page.getByRole('link', { name: 'Back to Cedar Ward' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Cedar Ward' })).toBeVisible();
}

/** From the ward screen, to the walk-round in progress. */
async function continueWalkround(page: Page) {
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'My wards' }).click();
  await page.getByRole('region', { name: 'Cedar Ward' }).getByRole('link', { name: /^Continue/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Environmental ligature walk-round' })).toBeVisible();
}

async function expectScore(page: Page, score: string, options = SYNC) {
  await expect(registerRow(page)).toContainText(score, options);
}

test('two devices sync through the trust server: changes travel both ways, survive the server going away, and a conflict is resolved by a person', async ({ browser }) => {
  test.setTimeout(300_000);
  const trust: TrustServer = await startTrustServer();
  const devices: Server[] = [];
  try {
    devices.push(await startServer(), await startServer());
    const [laptop, tablet] = devices;

    // ---- 1. The administrator's laptop: the demo trust, sent to the new server.
    const a = await openDevice(browser, laptop);
    await expect(strip(a)).toContainText('On this device only');
    await a.getByRole('button', { name: 'Load the demo trust' }).click();
    await expect(a.getByRole('status')).toContainText('The demo trust is loaded');
    await a.getByRole('button', { name: 'Continue to sign in' }).click();
    await signIn(a, 'admin');
    await a.getByRole('banner').getByRole('link', { name: 'Set up the trust' }).click();
    await expect(a.getByRole('heading', { level: 2, name: "Devices and the trust's server" })).toBeVisible();
    const connect = a.getByRole('form', { name: "Connect to the trust's server" });
    await connect.getByLabel('Server address').fill(trust.url);
    await connect.getByLabel('Enrolment code').fill(issueCodeFromCli(trust, ['--all-wards']));
    await connect.getByLabel('Device name').fill('Administrator laptop');
    await connect.getByRole('button', { name: 'Connect this device' }).click();
    await expect(a.getByText('This device is connected.')).toBeVisible();
    await expect(strip(a).getByText('Up to date')).toBeVisible(SYNC);
    await expect(strip(a)).toContainText('Last synced');

    // ---- 2. A code for the Cedar Ward tablet, from the laptop.
    const issue = a.getByRole('form', { name: 'Connect another device' });
    await issue.getByLabel('Cedar Ward (Riverside Hospital)').check();
    await issue.getByRole('button', { name: 'Issue an enrolment code' }).click();
    await expect(issue.getByRole('heading', { name: 'Enrolment code for Cedar Ward' })).toBeVisible();
    await expect(issue).toContainText(`the server address ${trust.url}`);
    const codeText = issue.getByText(/^Code:\s*[A-Z0-9]{4}(-[A-Z0-9]{4})+$/);
    await expect(codeText).toBeVisible();
    const code = ((await codeText.textContent()) ?? '').replace('Code:', '').trim();

    // The tablet connects from its first screen; the trust's people arrive.
    const b = await openDevice(browser, tablet);
    await b.getByRole('button', { name: "Connect to the trust's server" }).click();
    const join = b.getByRole('form', { name: "Connect to the trust's server" });
    await expect(join.getByLabel('Server address')).toBeFocused();
    await join.getByLabel('Server address').fill(trust.url);
    await join.getByLabel('Enrolment code').fill(code);
    await join.getByLabel('Device name').fill('Cedar Ward tablet');
    await join.getByRole('button', { name: 'Connect this device' }).click();
    // (The "connected, receiving the trust" screen may pass too quickly to see: wait for where it ends.)
    await expect(b.getByText('This device is connected to the trust\'s server and has its people and wards.')).toBeVisible(SYNC);
    // Its own built-in templates are the ones the server holds: nothing of it is refused.
    await expect(strip(b).getByText('Up to date')).toBeVisible(SYNC);
    await expect(strip(b)).not.toContainText('refused');
    // Sam Patel manages Cedar Ward: his username and password came from the server.
    await signIn(b, 'manager');
    await expect(b.getByRole('region', { name: 'Cedar Ward' })).toBeVisible();
    // Only the ward the tablet was enrolled for is on it.
    await expect(b.getByRole('region', { name: 'Willow Ward' })).toHaveCount(0);
    await expect(strip(b).getByText('Up to date')).toBeVisible(SYNC);
    await openCedar(b);
    await expect(registerRow(b)).toHaveCount(0);

    // ---- 3. The matron, on the laptop, records a new ligature point; the tablet shows it without a reload.
    // Nothing waits to be sent, so signing out does not ask.
    await a.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(a.getByText('You have signed out.')).toBeVisible();
    await signIn(a, 'matron');
    await a.getByRole('region', { name: 'Cedar Ward' }).getByRole('button', { name: 'Start ligature walk-round' }).click();
    await expect(a.getByRole('heading', { level: 1, name: 'Environmental ligature walk-round' })).toBeVisible();
    const aMain = a.getByRole('main');
    const area = ((await aMain.getByRole('heading', { level: 2 }).first().textContent()) ?? '').trim();
    expect(area).not.toBe('');
    await aMain.getByRole('button', { name: 'Add a ligature point' }).click();
    const newPoint = aMain.getByRole('form', { name: 'New ligature point' });
    await newPoint.getByLabel('Fixture type').selectOption({ label: 'Curtain or blind rail' });
    await newPoint.getByLabel('Location').fill(POINT);
    await newPoint.getByLabel('Height band').selectOption({ label: 'Above 2 m' });
    await newPoint.getByLabel('Likelihood', { exact: true }).selectOption({ label: '2 – Unlikely' });
    await newPoint.getByLabel('Consequence', { exact: true }).selectOption({ label: '5 – Catastrophic' });
    await expect(newPoint.getByText('10 High')).toBeVisible();
    await newPoint.getByRole('button', { name: 'Save assessment' }).click();
    await expect(aMain.getByText(POINT).first()).toBeVisible();
    await expect(strip(a).getByText('Up to date')).toBeVisible(SYNC);

    await expectScore(b, '10 High');
    await expect(registerRow(b)).toContainText(area);

    // ---- 4. The server goes away. Each device says so; the tablet keeps working.
    await backToCedar(a);
    await stopTrustServer(trust);
    await expect(strip(a).getByText('Offline', { exact: true })).toBeVisible(SYNC);
    await continueWalkround(b);
    await reassess(b, area, '3 – Possible', '15 Extreme');
    await expect(strip(b).getByText(/^Offline — \d+ changes? waiting$/)).toBeVisible(SYNC);
    await expect(strip(b)).toContainText("Cannot reach the trust's server.");
    // The laptop is still offline, and still shows its last value.
    await expect(strip(a).getByText('Offline', { exact: true })).toBeVisible();
    await expect(registerRow(a)).toContainText('10 High');

    // The server is back (same data, same address): the tablet sends what waited, the laptop receives it.
    await restartTrustServer(trust);
    await expect(strip(b).getByText('Up to date')).toBeVisible(SYNC);
    await expectScore(a, '15 Extreme');
    await expect(strip(a).getByText('Up to date')).toBeVisible(SYNC);

    // ---- 5. The server goes away again, and both devices re-score the same point.
    await stopTrustServer(trust);
    await continueWalkround(a);
    await reassess(a, area, '4 – Likely', '20 Extreme');
    await reassess(b, area, '1 – Rare', '5 Moderate');
    await expect(strip(a).getByText(/^Offline — \d+ changes? waiting$/)).toBeVisible(SYNC);
    const bWaiting = strip(b).getByText(/^Offline — \d+ changes? waiting$/);
    await expect(bWaiting).toBeVisible(SYNC);
    const waiting = Number(((await bWaiting.textContent()) ?? '').match(/\d+/)![0]);
    expect(waiting).toBeGreaterThan(0);

    // ---- 6. Signing out with changes waiting asks first; staying keeps the session.
    await b.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    const dialog = b.getByRole('dialog', { name: /Changes not yet sent/ });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(
      `${waiting === 1 ? '1 change on this device has' : `${waiting} changes on this device have`} not reached the trust's server yet`,
    );
    await expect(dialog.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Stay signed in' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(b.getByRole('banner')).toContainText('Signed in as Sam Patel');

    // The server is back: neither value wins silently. Both devices show the conflict.
    await backToCedar(a);
    await backToCedar(b);
    await restartTrustServer(trust);
    const bConflicts = strip(b).getByRole('link', { name: '1 conflict to resolve' });
    await expect(bConflicts).toBeVisible(SYNC);
    await expect(strip(a).getByRole('link', { name: '1 conflict to resolve' })).toBeVisible(SYNC);
    await expect(strip(a).getByText('Up to date')).toBeVisible(SYNC);
    await expect(strip(b).getByText('Up to date')).toBeVisible(SYNC);

    // The matron opens the conflicts on the laptop, the ward manager on the tablet.
    await strip(a).getByRole('link', { name: '1 conflict to resolve' }).click();
    await bConflicts.click();
    const conflictOn = (page: Page) => page.getByRole('region', { name: new RegExp(`^Ligature point: ${POINT_RE}`) });
    await expect(a.getByRole('heading', { level: 1, name: 'Conflicts to resolve' })).toBeVisible();
    await expect(conflictOn(a)).toContainText('Extreme (4 × 5 = 20)');
    await expect(conflictOn(a)).toContainText('Moderate (1 × 5 = 5)');

    // Both values side by side, with who changed each; the ward manager keeps the tablet's.
    await expect(b.getByRole('heading', { level: 1, name: 'Conflicts to resolve' })).toBeVisible();
    const conflict = conflictOn(b);
    await expect(conflict).toContainText('Cedar Ward');
    await expect(conflict).toContainText('Current risk score');
    const values = conflict.getByRole('list', { name: 'The values of Current risk score, side by side' }).getByRole('listitem');
    await expect(values).toHaveCount(2);
    const laptopValue = values.filter({ hasText: 'Extreme (4 × 5 = 20)' });
    const tabletValue = values.filter({ hasText: 'Moderate (1 × 5 = 5)' });
    await expect(laptopValue).toContainText('Jo Okafor');
    await expect(tabletValue).toContainText('Sam Patel');
    await tabletValue.getByRole('button', { name: /^Keep this value/ }).click();
    await expect(b.getByText(/^Kept “Moderate \(1 × 5 = 5\)” as the current risk score of /)).toBeVisible();
    await expect(b.getByText('There are no conflicts to resolve on your wards.')).toBeVisible();
    await expect(strip(b).getByRole('link', { name: /conflicts? to resolve/ })).toHaveCount(0);

    // The choice reaches the laptop: its list empties by itself and both devices show the value kept.
    await expect(a.getByText('There are no conflicts to resolve on your wards.')).toBeVisible(SYNC);
    await expect(strip(a).getByRole('link', { name: /conflicts? to resolve/ })).toHaveCount(0);
    for (const page of [a, b]) {
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'My wards' }).click();
      await openCedar(page);
      await expectScore(page, '5 Moderate', { timeout: 15_000 });
      await expect(strip(page).getByText('Up to date')).toBeVisible(SYNC);
    }
  } finally {
    for (const d of devices) {
      d.proc.kill();
      fs.rmSync(path.dirname(d.db), { recursive: true, force: true });
    }
    await stopTrustServer(trust);
    fs.rmSync(trust.dataDir, { recursive: true, force: true });
  }
});
