// Work that lasts (issue 28): one demo tenant per browser, shared by its tabs and kept until
// reset; scenario files; an account page that reloads on the demo; Activity kept across a
// reload; Reset that says what it cleared; dates checked against the calendar.
import { test, before, after } from 'node:test';
import { readFile } from 'node:fs/promises';
import { launch, newPage, shot, textOf, assert, APP, fillNewHrAccount, openDemo, focusIs, createSource } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('two tabs of one browser share one demo tenant: a source made in one is listed in the other without a reload', async () => {
  const a = await newPage(browser);
  await openDemo(a);
  const b = await a.context().newPage();
  b.errors = [];
  b.on('pageerror', (e) => b.errors.push(String(e)));
  await openDemo(b);
  await createSource(a, 'Made in tab A');
  // Tab B's list follows the tenant: no reload, no click.
  await b.getByRole('status').filter({ hasText: /^13 sources$/ }).waitFor();
  await b.getByRole('link', { name: 'Made in tab A' }).waitFor();
  // A third tab, opened later, starts from the same data (kept in the browser, not the tab).
  const c = await a.context().newPage();
  await c.goto(`${APP}/sources`);
  await c.getByRole('status').filter({ hasText: /^13 sources$/ }).waitFor();
  // Reset in one tab puts the seed back in the others.
  await b.getByRole('link', { name: 'Demo tenant' }).click();
  await b.getByRole('button', { name: 'Reset demo data…' }).click();
  await focusIs(b, 'reset-cancel');
  await b.getByRole('group', { name: 'Confirm reset' }).getByRole('button', { name: 'Reset now' }).click();
  await b.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
  await c.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
});

test('a reload of an account page on the demo shows the account', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await page.getByRole('link', { name: 'HR Feed (CSV)' }).click();
  await page.getByRole('link', { name: 'Accounts on this source' }).click();
  await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
  const first = page.locator('table.grid tbody tr td:first-child a').first();
  const name = (await first.textContent()).trim();
  await first.click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  for (let i = 0; i < 3; i++) {
    await page.reload();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    assert.equal(await page.getByText('Not sent: not connected').count(), 0);
  }
  // Opened straight in a new tab (what Ctrl+click does).
  const tab = await page.context().newPage();
  await tab.goto(page.url());
  await tab.getByRole('heading', { name, level: 1 }).waitFor();
  await shot(page, 'account-after-reload');
  // Deleted, then opened again: said in words, with the ways on.
  const url = page.url();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await focusIs(page, 'confirm-name');
  await page.keyboard.type(name);
  await page.getByRole('button', { name: 'Delete account' }).click();
  await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor({ timeout: 15000 });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Account not in ISC', level: 1 }).waitFor();
  assert.match(await textOf(page.getByRole('alert')), /is not in ISC any more, or never was/);
  // This tab showed it on its source, and no aggregation removed an account since.
  await page.getByText(/^No aggregation of this source removed an account since this tab last showed it: a Delete or a Remove from ISC may have\./).waitFor();
  await page.getByRole('link', { name: 'Recent aggregations' }).waitFor();
  await shot(page, 'account-gone');
  assert.deepEqual(page.errors, []);
});

test('Activity survives a reload of the tab and says where it starts; Reset clears Tasks and Activity and says so', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await createSource(page, 'Kept in Activity');
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('cell', { name: '/oauth/token' }).first().waitFor();
  const posted = page.getByRole('row').filter({ hasText: 'POST' }).filter({ hasText: /\/sources/ });
  assert.equal(await posted.count(), 1);
  await page.reload();
  await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
  await posted.first().waitFor();
  assert.equal(await posted.count(), 1, 'the create is still listed after the reload');
  assert.match(await textOf(page.getByText(/^This log starts at /)), /^This log starts at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  await page.getByRole('link', { name: 'Demo tenant' }).click();
  await page.getByRole('button', { name: 'Reset demo data…' }).click();
  await page.getByRole('group', { name: 'Confirm reset' }).getByRole('button', { name: 'Reset now' }).click();
  const flash = await textOf(page.locator('#flash'));
  assert.match(flash, /Cleared \d+ tasks? from Tasks and \d+ calls? from Activity\./);
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('cell', { name: /\/sources/ }).first().waitFor();
  assert.equal(await posted.count(), 0, 'the calls before the reset are gone');
  assert.deepEqual(page.errors, []);
});

test('a scenario file saved, reset, and loaded brings back what was saved; a broken one is refused and the data kept', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await createSource(page, 'Class of Monday');
  await page.getByRole('link', { name: 'Demo tenant' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save scenario file' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^isc-demo-scenario-\d{4}-\d\d-\d\d\.json$/);
  const file = await download.path();
  await focusIs(page, 'scenario-outcome');
  assert.match(await textOf(page.locator('#scenario-outcome')), /^Saved the demo tenant's data as isc-demo-scenario-/);
  await shot(page, 'scenario-saved');
  // Reset: the source is gone.
  await page.getByRole('button', { name: 'Reset demo data…' }).click();
  await page.getByRole('group', { name: 'Confirm reset' }).getByRole('button', { name: 'Reset now' }).click();
  await page.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
  // A broken file is refused with the reason, and nothing changes.
  await page.getByRole('link', { name: 'Demo tenant' }).click();
  await page.getByLabel('Load a scenario file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "sources": [') });
  await focusIs(page, 'scenario-outcome');
  assert.match(await textOf(page.locator('#scenario-outcome')), /^broken\.json is not a scenario file of the demo tenant \(.+\)\. Nothing changed/);
  await page.getByLabel('Load a scenario file').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 7}') });
  await page.locator('#scenario-outcome').filter({ hasText: /^other\.json is not a scenario file/ }).waitFor();
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
  // The saved file brings the source back.
  await page.getByRole('link', { name: 'Demo tenant' }).click();
  await page.getByLabel('Load a scenario file').setInputFiles({ name: 'monday.json', mimeType: 'application/json', buffer: await readFile(file) });
  await page.locator('#scenario-outcome').filter({ hasText: /^Loaded monday\.json/ }).waitFor();
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^13 sources$/ }).waitFor();
  await page.getByRole('link', { name: 'Class of Monday' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a date that is not on the calendar is refused with a sentence, and nothing is sent', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await fillNewHrAccount(page, 'cal.check', 'Calendar Check');
  const date = page.getByLabel(/^startDate \(/);
  await date.fill('2026-02-30');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('startDate is a DATE: 2026-02 has 28 days: 30 is not one of them.').first().waitFor();
  await page.getByRole('status').filter({ hasText: /^1 attribute needs attention; nothing was sent\.$/ }).waitFor();
  assert.equal(await page.getByRole('heading', { name: 'New account', level: 1 }).count(), 1);
  await date.fill('2024-02-29');
  await page.getByRole('status').filter({ hasText: /^1 attribute needs attention/ }).waitFor({ state: 'detached' });
  assert.equal(await page.getByText(/startDate is a DATE/).count(), 0, 'a leap day is a date');
  assert.deepEqual(page.errors, []);
});

test('an aggregation is listed in Tasks from the tenant after a reload, with its counts, and /tasks/<id> opens it', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await page.getByRole('link', { name: 'Active Directory' }).click();
  await page.getByRole('heading', { name: 'Active Directory', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Aggregate', exact: true }).click();
  await page.getByRole('button', { name: 'Aggregate now…' }).click();
  await focusIs(page, 'ff-agg-cancel');
  await page.getByRole('group', { name: 'Confirm aggregation' }).getByRole('button', { name: 'Aggregate', exact: true }).click();
  await page.getByText(/The aggregation of Active Directory completed/).waitFor({ timeout: 20_000 });
  await focusIs(page, 'ff-agg-outcome');
  await page.getByRole('link', { name: "Open the aggregation's task" }).click();
  await page.getByRole('heading', { name: 'Aggregate from Active Directory', level: 1 }).waitFor();
  const taskUrl = page.url();
  assert.match(taskUrl, /\/tasks\/[0-9a-f]{32}$/);
  assert.match(await textOf(page.getByRole('table', { name: 'What the task counted' })), /Accounts read/);
  await shot(page, 'task-page');
  // The list, read from the tenant, after a reload: the aggregation with its counts.
  await page.goto(`${APP}/tasks?kind=aggregation`);
  await page.reload();
  const row = page.getByRole('row').filter({ hasText: 'Aggregate from Active Directory' });
  await row.first().waitFor();
  assert.match(await textOf(row.first()), /Aggregation.*success.*Accounts read: \d+/s);
  await shot(page, 'tasks-from-tenant');
  await row.first().getByRole('link', { name: 'Aggregate from Active Directory' }).click();
  await page.getByRole('heading', { name: 'Aggregate from Active Directory', level: 1 }).waitFor();
  assert.equal(page.url(), taskUrl);
  // Opened straight, as a link from Activity or another tab would.
  const tab = await page.context().newPage();
  await tab.goto(taskUrl);
  await tab.getByRole('heading', { name: 'Aggregate from Active Directory', level: 1 }).waitFor();
  // The source's page lists its recent aggregations, linked to their task.
  await tab.getByRole('link', { name: 'Active Directory' }).click();
  await tab.getByRole('heading', { name: 'Active Directory', level: 1 }).waitFor();
  const recent = tab.getByRole('table', { name: /^Recent aggregations of this source/ });
  assert.match(await textOf(recent.getByRole('row').nth(1)), /success.*Accounts read: \d+/s);
  await recent.getByRole('link', { name: /^Task [0-9a-f]{32}$/ }).first().click();
  await tab.getByRole('heading', { name: 'Aggregate from Active Directory', level: 1 }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a new page size keeps the filter typed but not applied; counts read in words', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await page.getByLabel('Name', { exact: true }).fill('Workday');
  await page.getByLabel('Per page').selectOption('5');
  await page.getByRole('status').filter({ hasText: /^1 source$/ }).waitFor();
  assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Workday');
  assert.equal(new URL(page.url()).searchParams.get('size'), '5');
  assert.deepEqual(page.errors, []);
});

test('Disable and Enable end with focus on their outcome line; an outcome is said on its page only', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await page.getByRole('link', { name: 'HR Feed (CSV)' }).click();
  await page.getByRole('link', { name: 'Accounts on this source' }).click();
  await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
  const enabled = page.locator('table.grid tbody tr').filter({ hasText: 'enabled' }).filter({ hasNotText: 'locked' }).first();
  await enabled.locator('td:first-child a').click();
  await page.getByRole('group', { name: 'Account actions' }).waitFor();
  await page.getByRole('button', { name: 'Disable', exact: true }).click();
  await page.getByText(/^Disable: task [0-9a-f]{32} finished: SUCCESS/).waitFor({ timeout: 15000 });
  await focusIs(page, 'acc-outcome');
  await page.getByRole('button', { name: 'Enable', exact: true }).click();
  await page.getByText(/^Enable: task [0-9a-f]{32} finished: SUCCESS/).waitFor({ timeout: 15000 });
  await focusIs(page, 'acc-outcome');
  // Delete: the outcome is said on the list it lands on, and not again after leaving it.
  const name = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await focusIs(page, 'confirm-name');
  await page.keyboard.type(name);
  await page.getByRole('button', { name: 'Delete account' }).click();
  await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor({ timeout: 15000 });
  await focusIs(page, 'flash');
  assert.match(await textOf(page.locator('#flash')), /deleted/);
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
  assert.equal((await page.locator('#flash').textContent()).trim(), '', 'the delete is not said again pages later');
  assert.deepEqual(page.errors, []);
});
