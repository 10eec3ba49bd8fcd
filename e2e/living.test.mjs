// A console a person can live in (issue 13): screens that link to each other, a demo and a
// PAT session that survive a reload, saved connections, outcomes that say what happened and
// take focus, errors that tell the failures apart, and the profiles plan stated truly.
import { test, before, after, beforeEach } from 'node:test';
import { launch, newPage, control, received, shot, connectWithPat, textOf, tenantProfiles, assert, APP, API, CLIENT_ID, GEN, P, reviewNewCsvSource, openDemo, focusIs, createSource } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });


test('the demo keeps a new source across a reload, and Reset demo data brings the seed back', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await createSource(page, 'HR Feed 2');
  assert.equal(await textOf(page.locator('#flash')), 'Source HR Feed 2 created.');
  await focusIs(page, 'flash');
  assert.equal(await page.title(), 'Source HR Feed 2 · Sources · ISC Console');
  const url = page.url();
  await page.reload();
  await page.getByRole('heading', { name: 'HR Feed 2', level: 1 }).waitFor();
  assert.equal(page.url(), url);
  await page.getByRole('link', { name: '← Sources' }).click();
  await page.getByRole('status').filter({ hasText: /^13 sources$/ }).waitFor();
  await page.getByRole('link', { name: 'Demo tenant' }).click();
  await page.getByRole('button', { name: 'Reset demo data…' }).click();
  await focusIs(page, 'reset-cancel');
  await page.getByRole('group', { name: 'Confirm reset' }).getByRole('button', { name: 'Reset now' }).click();
  assert.match(await textOf(page.locator('#flash')), /Demo data reset/);
  await page.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
  await page.reload();
  await page.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a deep link in a new browser context opens the demo on that page', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  const href = await page.getByRole('link', { name: 'HR Feed (CSV)' }).getAttribute('href');
  const fresh = await newPage(browser);
  await fresh.goto(`${APP}${href}`);
  await fresh.getByRole('heading', { name: 'HR Feed (CSV)', level: 1 }).waitFor();
  assert.equal(new URL(fresh.url()).pathname, href);
  await fresh.getByRole('link', { name: 'Demo tenant' }).waitFor();
});

test('"Use demo tenant" goes where ?next= says', async () => {
  const page = await newPage(browser);
  await page.goto(`${APP}/connect?next=${encodeURIComponent('/tasks')}`);
  await page.getByRole('button', { name: 'Use demo tenant' }).click();
  await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/tasks');
});

test('source, account and identity pages link to each other, with a way back and a tab title', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await page.getByRole('link', { name: 'HR Feed (CSV)' }).click();
  await page.getByRole('link', { name: 'Accounts on this source' }).click();
  await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
  const sources = await page.locator('table.grid tbody tr td:nth-child(3)').allTextContents();
  assert.ok(sources.length > 0 && sources.every((s) => s === 'HR Feed (CSV)'), sources.join());
  // an account's source and identity are links
  const row = page.locator('table.grid tbody tr').filter({ has: page.locator('td:nth-child(4) a') }).first();
  const person = await row.locator('td:nth-child(4)').textContent();
  await row.locator('td:first-child a').click();
  await page.getByRole('group', { name: 'Account actions' }).waitFor();
  const name = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
  const accountPath = new URL(page.url()).pathname;
  assert.equal(await page.title(), `Account ${name} · Accounts · ISC Console`);
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: '← Accounts' }).waitFor();
  await page.getByRole('link', { name: person, exact: true }).click();
  await page.getByRole('heading', { name: person, level: 1 }).waitFor();
  await page.getByRole('term').filter({ hasText: 'Lifecycle state' }).waitFor();
  const accounts = page.getByRole('table', { name: `Accounts of ${person}` });
  await accounts.locator(`a[href="${accountPath}"]`).waitFor();
  await shot(page, '70-identity-page');
  await accounts.getByRole('link', { name: 'HR Feed (CSV)' }).first().click();
  await page.getByRole('heading', { name: 'HR Feed (CSV)', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'New account on this source' }).click();
  await page.getByText(/Fields from the source's account schema/).waitFor();
  assert.match(await page.getByLabel('Source', { exact: true }).inputValue(), /^[0-9a-f]{32}$/);
  // identity profiles link to their authoritative source
  await page.getByRole('link', { name: 'Identity profiles' }).click();
  await page.getByRole('listitem', { name: /^Employees,/ }).getByRole('link').first().click();
  await page.getByRole('link', { name: 'Accounts on this source' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a created account: its outcome takes focus, and its task in Tasks links to it', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByLabel('Source', { exact: true }).selectOption({ label: 'HR Feed (CSV) (flat file)' });
  await page.getByText(/Fields from the source's account schema/).waitFor();
  // a missing identity attribute: focus goes to it, nothing is sent
  await page.getByRole('button', { name: 'Create account' }).click();
  await focusIs(page, 'attr-id');
  await page.getByLabel(/^id \(STRING, required/).fill('tc.0001');
  await page.getByLabel(/^displayName \(/).fill('Trainee One');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Trainee One', level: 1 }).waitFor({ timeout: 15000 });
  assert.match(await textOf(page.locator('#flash')), /^Account tc\.0001 created \(task [0-9a-f]{32} finished: SUCCESS\)\.$/);
  await focusIs(page, 'flash');
  const accountUrl = page.url();
  await page.getByRole('link', { name: 'Tasks' }).click();
  await page.getByRole('link', { name: 'Open the account: Create account tc.0001' }).click();
  await page.getByRole('heading', { name: 'Trainee One', level: 1 }).waitFor();
  assert.equal(page.url(), accountUrl);
});

test('account page: Unlock only when locked, identity attribute locked on edit, delete confirmed with focus and outcome', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await page.getByRole('link', { name: 'HR Feed (CSV)' }).click();
  await page.getByRole('link', { name: 'Accounts on this source' }).click();
  await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
  const locked = page.locator('table.grid tbody tr').filter({ hasText: 'locked' }).first();
  await locked.locator('td:first-child a').click();
  await page.getByRole('group', { name: 'Account actions' }).waitFor();
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await page.getByText(/Unlock: task [0-9a-f]{32} finished: SUCCESS/).waitFor({ timeout: 15000 });
  // the account is read again; the new view puts focus on the outcome
  await focusIs(page, 'acc-outcome');
  // unlocked now: no Unlock any more
  await page.waitForFunction(() => !document.querySelector('.status-line').textContent.includes('locked'));
  assert.equal(await page.getByRole('button', { name: 'Unlock', exact: true }).count(), 0);
  await page.getByRole('button', { name: 'Edit attributes' }).click();
  const idField = page.getByLabel(/^id \(STRING, required/);
  assert.equal(await idField.getAttribute('readonly'), '');
  await page.getByText(/Locked: the account's native identity is made from this attribute/).waitFor();
  await page.getByRole('button', { name: 'Cancel' }).click();
  const name = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
  await page.getByRole('button', { name: 'Delete…' }).click();
  await focusIs(page, 'confirm-name');
  await page.keyboard.type(name);
  await page.getByRole('button', { name: 'Delete account' }).click();
  await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor({ timeout: 15000 });
  assert.match(await textOf(page.locator('#flash')), new RegExp(`^Account ${name.replace('.', '\\.')} deleted \\(task [0-9a-f]{32} finished: SUCCESS\\)\\.$`));
  await focusIs(page, 'flash');
});

test('after Correlate the account shows the new identity by name', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByLabel('Correlation').selectOption('true');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('table.grid tbody tr td:nth-child(5)')].every((c) => c.textContent.includes('uncorrelated')));
  await page.locator('table.grid tbody tr td:first-child a').first().click();
  await page.getByRole('term').filter({ hasText: /^Identity$/ }).waitFor();
  await page.getByLabel('Find an identity by name').fill('ada');
  await page.getByRole('button', { name: 'Search identities' }).click();
  await page.getByRole('button', { name: 'Pick Ada Lovelace' }).click();
  await page.getByRole('button', { name: 'Correlate' }).click();
  await page.getByText(/Correlate: task [0-9a-f]{32} finished: SUCCESS/).waitFor({ timeout: 15000 });
  await page.getByRole('link', { name: 'Ada Lovelace', exact: true }).waitFor();
});

test('a pasted source id that is no source says so and keeps the picker', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await page.goto(`${APP}/accounts/new`);
  await page.getByLabel('Source', { exact: true }).selectOption({ label: 'HR Feed (CSV) (flat file)' });
  const picked = await page.getByLabel('Source', { exact: true }).inputValue();
  await page.getByLabel('…or paste a source id').fill('0123456789abcdef0123456789abcdef');
  await page.getByRole('button', { name: 'Use this id' }).click();
  assert.match(await textOf(page.locator('#acc-source-id-err')), /^No source with id 0123456789abcdef0123456789abcdef on this tenant/);
  assert.equal(await page.getByLabel('Source', { exact: true }).inputValue(), picked);
});

test('filter fields follow the URL after a menu link and Back', async () => {
  const page = await newPage(browser);
  await openDemo(page);
  await page.getByRole('searchbox', { name: 'Name' }).fill('feed');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/name=feed/);
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.waitForURL(/\/sources$/);
  assert.equal(await page.getByRole('searchbox', { name: 'Name' }).inputValue(), '');
  await page.goBack();
  await page.waitForURL(/name=feed/);
  assert.equal(await page.getByRole('searchbox', { name: 'Name' }).inputValue(), 'feed');
});

test('profiles: the true minimum in words, every call in the preview, focus kept, and Revert to the previous order', async () => {
  const page = await newPage(browser);
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: 'Identity profiles' }).click();
  await page.getByRole('listitem', { name: /^Employees, priority 10$/ }).waitFor();
  const before = await tenantProfiles();
  await page.getByRole('listitem', { name: /^Employees,/ }).focus();
  await page.keyboard.press('Alt+ArrowDown');
  assert.match(await textOf(page.locator('.plan .count')), /^1 update call, the fewest possible: 5 of 6 profiles keep their priority\.$/);
  await page.getByText('Request preview').click();
  const preview = await textOf(page.locator('.plan details pre').first());
  assert.equal((preview.match(/^PATCH /gm) || []).length, 1);
  await page.getByRole('button', { name: 'Apply…' }).click();
  // Focus starts on Cancel: Enter alone sends nothing.
  await focusIs(page, 'apply-cancel');
  await page.keyboard.press('Enter');
  await focusIs(page, 'apply-open');
  await page.getByRole('button', { name: 'Apply…' }).click();
  await page.getByRole('button', { name: 'Apply now' }).click();
  await page.getByText('Done. Read back from the tenant: its order is the wanted one.').waitFor();
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Revert to the previous order…' }).click();
  const calls = await page.getByRole('list', { name: 'Revert calls' }).getByRole('listitem').allTextContents();
  assert.equal(calls.length, 1, calls.join(' | '));
  await shot(page, '71-profiles-revert');
  await page.getByRole('button', { name: 'Revert now' }).click();
  await page.getByText('Undo: 1 of 1 calls landed').waitFor();
  assert.deepEqual(await tenantProfiles(), before);
  assert.equal((await received()).filter((c) => c.method === 'PATCH').length, 1);
  assert.deepEqual(page.errors, []);
});

test('the preview lists every call of a plan with a temporary value, labelled, in order', async () => {
  const page = await newPage(browser);
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: 'Identity profiles' }).click();
  await page.getByRole('listitem', { name: /^Employees, priority 10$/ }).waitFor();
  // Reverse the whole list with the move buttons: some cycle needs a temporary value or not;
  // either way the preview shows exactly the planned calls, and the words match the count.
  const n = await page.getByRole('list', { name: /Identity profiles by priority/ }).getByRole('listitem').count();
  for (let i = 0; i < n - 1; i++) {
    const rows = page.getByRole('list', { name: /Identity profiles by priority/ }).getByRole('listitem');
    const last = rows.nth(n - 1);
    const label = await last.getAttribute('aria-label');
    for (let k = 0; k < n - 1 - i; k++) await page.getByRole('button', { name: `Move ${label.split(',')[0]} up` }).click();
  }
  const planned = await page.getByRole('list', { name: 'Planned calls' }).getByRole('listitem').allTextContents();
  await page.getByText('Request preview').click();
  const preview = await textOf(page.locator('.plan details pre').first());
  const heads = preview.match(/^# \d+ of \d+: .*$/gm) || [];
  assert.equal(heads.length, planned.length, preview);
  planned.forEach((p, i) => {
    assert.equal(/\(temporary\)$/.test(p), /\(temporary\)$/.test(heads[i]), `${p} / ${heads[i]}`);
  });
  const summary = await textOf(page.locator('.plan .count'));
  assert.ok(summary.startsWith(`${planned.length} update call`), summary);
  assert.match(summary, /the fewest possible/);
  if (planned.some((p) => p.endsWith('(temporary)'))) assert.match(summary, /temporary value/);
});

test('a wrong secret points at the secret field and says where a PAT is made again', async () => {
  const page = await newPage(browser);
  await connectWithPat(page, 'not-the-secret');
  const alert = page.locator('#connect-failure');
  await page.waitForFunction(() => document.querySelector('#connect-failure')?.textContent.length > 0);
  const text = await alert.textContent();
  assert.match(text, /refused this client id and secret \(401/);
  assert.match(text, /Personal Access Tokens/);
  assert.ok(!/may still have carried it out/.test(text), text);
  await focusIs(page, 'client-secret');
  assert.equal(await page.getByLabel('Tenant', { exact: true }).inputValue(), API);
});

test('an address nobody answers at, and a tenant that refuses this origin, are told apart', async () => {
  const page = await newPage(browser);
  await page.goto(`${APP}/connect`);
  const attempt = async (tenant) => {
    await page.getByLabel('Tenant', { exact: true }).fill(tenant);
    await page.getByLabel('Client id', { exact: true }).fill(CLIENT_ID);
    await page.getByLabel('Client secret', { exact: true }).fill('demo-secret');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('#connect-failure')?.textContent.length > 0, null, { timeout: 15000 });
    const t = await page.locator('#connect-failure').textContent();
    await focusIs(page, 'connect-failure');
    return t;
  };
  const nobody = await attempt('http://127.0.0.1:9');
  assert.match(nobody, /^Nothing answered at http:\/\/127\.0\.0\.1:9/);
  assert.ok(!/may still/.test(nobody), nobody);
  // The console's own static server answers but sends no CORS headers; from this page's
  // origin (127.0.0.1) the host name localhost is another origin.
  const port = new URL(APP).port;
  const blocked = await attempt(`http://localhost:${port}`);
  assert.match(blocked, /is there, but the browser blocked its answer/);
  assert.match(blocked, /this page's origin \(http:\/\/127\.0\.0\.1:\d+\)/);
  // It points at the proxy recipe, shipped beside the page.
  const recipe = page.locator('#connect-failure').getByRole('link', { name: /same-origin proxy recipe/ });
  const href = await recipe.getAttribute('href');
  assert.equal(href, '/hosting.md');
  const doc = await (await fetch(`${APP}${href}`)).text();
  assert.match(doc, /nginx/);
  assert.equal(await page.locator('#connect-failure a').count(), 1);
});

test('saved connections: two tenants in a switcher, a reload returns to the page with the form filled', async () => {
  const page = await newPage(browser);
  const other = API.replace('127.0.0.1', 'localhost');
  await connectWithPat(page, undefined, { remember: true });
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: /^Connected:/ }).click();
  // The switcher: the saved connection is offered; picking one opens a fresh form for it.
  const switcher = page.getByLabel('Switch to a saved connection');
  assert.equal((await switcher.locator('option').allTextContents()).length, 2);
  await switcher.selectOption({ index: 1 });
  await page.waitForURL(/\/connect\?use=0$/);
  await page.getByLabel('Saved connection').waitFor();
  assert.equal(await page.getByLabel('Tenant', { exact: true }).inputValue(), API);
  await focusIs(page, 'client-secret');
  await page.getByLabel('Saved connection').selectOption({ label: 'New connection' });
  await page.getByLabel('API paths', { exact: true }).selectOption(GEN);
  await page.getByLabel('Tenant', { exact: true }).fill(other);
  await page.getByLabel('Client id', { exact: true }).fill(CLIENT_ID);
  await page.getByLabel('Client secret', { exact: true }).fill('demo-secret');
  await page.getByLabel(/Remember tenant and client id/).check();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  const stored = await page.evaluate(() => localStorage.getItem('isc-console.remember'));
  assert.equal(JSON.parse(stored).length, 2);
  assert.ok(!stored.includes('demo-secret'));
  // a reload of a deep page: the form, filled with the most recent connection, then back
  await page.getByRole('link', { name: 'Tasks' }).click();
  await page.reload();
  await page.getByLabel('Client secret', { exact: true }).waitFor();
  assert.match(page.url(), /\/connect\?next=%2Ftasks$/);
  await focusIs(page, 'client-secret');
  assert.equal(await page.getByLabel('Tenant', { exact: true }).inputValue(), other);
  const options = await page.getByLabel('Saved connection').locator('option').allTextContents();
  assert.equal(options.length, 3, options.join(' | '));
  await page.getByLabel('Saved connection').selectOption({ index: 2 });
  assert.equal(await page.getByLabel('Tenant', { exact: true }).inputValue(), API);
  await page.getByLabel('Client secret', { exact: true }).fill('demo-secret');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
  await shot(page, '72-saved-connections');
});

test('"stay signed in in this tab" keeps the token, never the secret, until Disconnect', async () => {
  const page = await newPage(browser);
  await page.goto(`${APP}/connect`);
  assert.equal(await page.getByLabel('Stay signed in in this tab until the token expires').isChecked(), false);
  await connectWithPat(page, undefined, { keepToken: true });
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
  await page.reload();
  await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
  const kept = await page.evaluate(() => ({ ...sessionStorage }));
  const all = JSON.stringify(kept) + await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(kept['isc-console.kept-token'], 'the token is kept in session storage');
  assert.ok(!all.includes('demo-secret'), 'never the secret');
  await page.getByRole('link', { name: /^Connected:/ }).click();
  await page.getByText('Token kept in this tab until').waitFor();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('isc-console.kept-token')), null);
  await page.reload();
  await page.getByLabel('Client secret', { exact: true }).waitFor();
});

test('Copy as curl says it copied, on the source form', async () => {
  const page = await newPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: APP });
  await openDemo(page);
  await page.getByRole('link', { name: 'New source' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Copy Me');
  await page.getByLabel('Owner identity id').fill('0123456789abcdef0123456789abcdef');
  await page.getByLabel('Connector', { exact: true }).selectOption({ label: 'Delimited file (CSV): sends provisionAsCsv=true' });
  await page.getByRole('button', { name: 'Review request' }).click();
  await focusIs(page, 'review');
  await page.getByRole('button', { name: 'Copy as curl' }).click();
  await page.getByRole('button', { name: 'Copied' }).waitFor();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(clip, /^curl /);
  await shot(page, '73-source-review-copied');
});

test('idle sign-out removes the kept token as well', async () => {
  const page = await newPage(browser);
  await page.clock.install();
  await connectWithPat(page, undefined, { keepToken: true });
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  assert.ok(await page.evaluate(() => sessionStorage.getItem('isc-console.kept-token')));
  await page.getByRole('link', { name: /Connected:/ }).click();
  await page.getByLabel('Sign out after inactivity').selectOption('5');
  await page.clock.fastForward('05:30');
  await page.clock.fastForward('00:06');
  await page.getByText(/Signed out after 5 minutes without activity/).waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('isc-console.kept-token')), null);
});

test('a saved connection to a production-named tenant starts read-only', async () => {
  const page = await newPage(browser);
  await page.goto(`${APP}/connect`);
  await page.evaluate(() => localStorage.setItem('isc-console.remember', JSON.stringify([
    { tenant: 'acme-sb', client_id: 'c1', api: '', read_only: false },
    { tenant: 'acme-prod', client_id: 'c2', api: 'v1', read_only: false },
  ])));
  await page.reload();
  const box = page.getByLabel(/^Read-only: refuse every write/);
  assert.equal(await page.getByLabel('Tenant', { exact: true }).inputValue(), 'acme-sb');
  assert.equal(await box.isChecked(), false);
  await page.getByLabel('Saved connection').selectOption({ label: 'acme-prod · c2' });
  assert.equal(await page.getByLabel('Tenant', { exact: true }).inputValue(), 'acme-prod');
  assert.equal(await page.getByLabel('API paths', { exact: true }).inputValue(), 'v1');
  assert.equal(await box.isChecked(), true);
  await page.getByRole('button', { name: 'Forget this connection' }).click();
  const left = JSON.parse(await page.evaluate(() => localStorage.getItem('isc-console.remember')));
  assert.deepEqual(left.map((c) => c.tenant), ['acme-sb']);
});

test('Refresh reads a detail page again and sends no write', async () => {
  const page = await newPage(browser);
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
  const row = page.locator('table.grid tbody tr').filter({ has: page.locator('td:nth-child(5)', { hasText: /^enabled/ }) }).first();
  await row.locator('td:first-child a').click();
  await page.getByRole('group', { name: 'Account actions' }).waitFor();
  assert.match(await textOf(page.locator('.status-line')), /^enabled/);
  // someone else disables the account meanwhile (straight at the tenant)
  const id = new URL(page.url()).pathname.split('/').pop();
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: 'demo-secret' });
  const tok = (await (await fetch(`${API}/oauth/token`, { method: 'POST', body: form })).json()).access_token;
  const auth = { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' };
  const r = await fetch(`${API}${P.accounts}/${id}/disable`, { method: 'POST', headers: auth, body: '{}' });
  assert.equal(r.status, 202);
  const task = (await r.json()).id;
  for (let i = 0; i < 50; i++) {
    const t = await (await fetch(`${API}${P.tasks}/${task}`, { headers: auth })).json();
    if (t.completed) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await page.getByText('Read again from the tenant.').waitFor();
  await focusIs(page, 'refresh-outcome');
  assert.match(await textOf(page.locator('.status-line')), /^disabled/);
  const writes = (await received()).filter((c) => c.method !== 'GET' && c.path !== '/oauth/token');
  assert.deepEqual(writes, []);
});
