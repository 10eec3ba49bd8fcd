// Sources: list state in the URL, sort and page, create a DelimitedFile source, errors that keep input.
import { test, before, after, beforeEach } from 'node:test';
import { launch, newPage, control, received, shot, connectWithPat, textOf, assert, APP, API, CLIENT_ID, P, GEN, openActivity, tenantToken, tenantAccounts } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });

async function connected(page) {
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
}

const names = (page) => page.getByRole('table').getByRole('row').locator('td:first-child').allTextContents();

test('sort and page through the seeded sources; a reload keeps page 2', async () => {
  const page = await newPage(browser);
  await connected(page);
  await page.getByLabel('Per page').selectOption('5');
  await page.getByText('Page 1 of 3 · showing 1–5 of 12').waitFor();
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await page.getByRole('columnheader', { name: 'Name ▲' }).waitFor();
  const first = await names(page);
  assert.deepEqual(first, [...first].sort((a, b) => a.localeCompare(b)));
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.getByText('Page 2 of 3 · showing 6–10 of 12').waitFor();
  const second = await names(page);
  assert.ok(second[0].localeCompare(first[4]) > 0, `${second[0]} after ${first[4]}`);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('page'), '2');
  assert.equal(url.searchParams.get('sort'), 'name');
  // the back button returns to page 1, forward to page 2
  await page.goBack();
  await page.getByText('Page 1 of 3 · showing 1–5 of 12').waitFor();
  await page.goForward();
  await page.getByText('Page 2 of 3 · showing 6–10 of 12').waitFor();
  // a reload drops the in-memory session and opens the form (not the demo); signing in
  // again returns to the same view
  await page.reload();
  await page.waitForURL(/\/connect\?next=/);
  await page.getByLabel('Tenant', { exact: true }).fill(API);
  await page.getByLabel('Client id', { exact: true }).fill(CLIENT_ID);
  await page.getByLabel('Client secret', { exact: true }).fill('demo-secret');
  await page.getByLabel('API paths', { exact: true }).selectOption(GEN);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByText('Page 2 of 3 · showing 6–10 of 12').waitFor();
  assert.deepEqual(await names(page), second);
});

test('a page-2 link opens page 2 on the demo tenant after a reload', async () => {
  const page = await newPage(browser);
  await page.goto(`${APP}/`);
  await page.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
  await page.goto(`${APP}/sources?page=2&size=5&sort=-name`);
  await page.getByText('Page 2 of 3 · showing 6–10 of 12').waitFor();
  await page.getByRole('columnheader', { name: 'Name ▼' }).waitFor();
  const rows = await names(page);
  assert.deepEqual(rows, [...rows].sort((a, b) => b.localeCompare(a)));
  await page.goBack();
  await shot(page, '21-sources-list');
});

test('filters live in the URL and find sources by name, type, connection and authoritative', async () => {
  const page = await newPage(browser);
  await connected(page);
  await page.getByRole('searchbox', { name: 'Name' }).fill('csv');
  await page.getByLabel('Authoritative').selectOption('true');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('status').filter({ hasText: /^2 sources$/ }).waitFor();
  assert.deepEqual((await names(page)).sort(), ['Contractors (CSV)', 'HR Feed (CSV)']);
  const calls = await received();
  assert.ok(calls.some((c) => c.query.includes('filters=name%20co%20%22csv%22%20and%20authoritative%20eq%20true')), JSON.stringify(calls.map((c) => c.query)));
});

test('create a DelimitedFile source, land on it, and find it through the filter', async () => {
  const page = await newPage(browser);
  await connected(page);
  await page.getByRole('link', { name: 'New source' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Payroll Export');
  await page.getByLabel('Find an identity by name').fill('grace');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: 'Pick Grace Hopper as owner' }).click();
  await page.getByLabel('Connector', { exact: true }).selectOption({ label: 'Delimited file (CSV): sends provisionAsCsv=true' });
  await page.getByLabel('ENABLE', { exact: true }).check();
  await page.getByLabel('Connector attributes (JSON object)').fill('{"delimiter": ";", "hasHeader": true}');
  await page.getByRole('button', { name: 'Review request' }).click();
  const preview = await textOf(page.getByRole('region', { name: 'Request to send' }).locator('pre'));
  assert.match(preview, new RegExp(`^POST http://127\\.0\\.0\\.1:\\d+${P.sources}\\?provisionAsCsv=true\n`));
  const body = JSON.parse(preview.slice(preview.indexOf('\n\n') + 2));
  assert.equal(body.type, undefined, 'no type for a delimited file');
  assert.equal(body.connector, 'delimited-file');
  assert.equal(body.owner.name, 'Grace Hopper');
  await shot(page, '22-source-review');
  await page.getByRole('button', { name: 'Create source' }).click();
  await page.getByRole('heading', { name: 'Payroll Export', level: 1 }).waitFor();
  const main = await page.getByRole('main').textContent();
  assert.match(main, /DelimitedFile/);
  assert.match(main, /Grace Hopper/);
  await page.getByRole('heading', { name: 'Account schema' }).waitFor();
  // As in ISC, a new flat file has no account attributes until they are defined.
  await page.getByText(/^This schema has no attributes yet/).waitFor();
  await shot(page, '23-source-detail');
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Name' }).fill('payroll');
  await page.getByLabel('Match').selectOption('sw');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('status').filter({ hasText: /^1 source$/ }).waitFor();
  assert.deepEqual(await names(page), ['Payroll Export']);
  assert.deepEqual(page.errors, []);
});

test('an invalid form shows its errors and sends nothing', async () => {
  const page = await newPage(browser);
  await connected(page);
  await page.goto(`${APP}/sources/new`).catch(() => {});
  // goto reloads the page, which drops the in-memory session: use the link instead
  await connected(page);
  await page.getByRole('link', { name: 'New source' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('x'.repeat(130));
  await page.getByLabel('Owner identity id').fill('190100');
  await page.getByLabel('Delete threshold (%)').fill('150');
  await page.getByLabel('Connector attributes (JSON object)').fill('{"delimiter": ",",}');
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Review request' }).click();
  for (const [label, id] of [['Name', 'src-name'], ['Owner identity id', 'src-owner'], ['Delete threshold (%)', 'src-threshold'], ['Connector attributes (JSON object)', 'src-attributes']]) {
    assert.equal(await page.locator(`#${id}`).getAttribute('aria-invalid'), 'true', label);
  }
  // focus went to the first field with a message, and the required fields say so
  assert.equal(await page.evaluate(() => document.activeElement.id), 'src-name');
  for (const id of ['src-name', 'src-owner', 'src-connector']) {
    assert.equal(await page.locator(`#${id}`).getAttribute('aria-required'), 'true', id);
  }
  assert.equal(await page.getByLabel('Connector', { exact: true }).getAttribute('aria-invalid'), 'true');
  const text = await page.getByRole('main').textContent();
  assert.match(text, /At most 128 characters/);
  assert.match(text, /32 hexadecimal/);
  assert.match(text, /Not valid JSON at line 1, column/);
  assert.match(text, /nothing was sent/);
  await shot(page, '24-source-form-errors');
  assert.equal((await received()).filter((c) => c.method === 'POST').length, 0);
  await openActivity(page);
  // Activity keeps the calls before the reload too: every POST in it is a sign-in.
  const posts = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'POST', exact: true }) });
  assert.ok(await posts.count() >= 1);
  assert.equal(await posts.filter({ hasNotText: '/oauth/token' }).count(), 0, 'no POST but sign-ins');
});

test('a server-side 400 shows the tracking id and keeps the input', async () => {
  const page = await newPage(browser);
  await connected(page);
  await page.getByRole('link', { name: 'New source' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Workday');
  await page.getByLabel('Description', { exact: true }).fill('a second Workday');
  await page.getByLabel('Find an identity by name').fill('alan');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: 'Pick Alan Turing as owner' }).click();
  await page.getByLabel('Connector', { exact: true }).selectOption('workday');
  await page.getByRole('button', { name: 'Review request' }).click();
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Create source' }).click();
  // The name is taken: the console reads before it sends, and says so with nothing sent.
  const taken = await textOf(page.getByRole('status', { name: 'What the tenant holds' }));
  assert.match(taken, /A source named Workday already exists on this tenant; nothing was sent/);
  assert.equal((await received()).filter((c) => c.method === 'POST').length, 0);
  assert.match(await page.getByRole('status', { name: 'What the tenant holds' }).getByRole('link').getAttribute('href'), /\/sources\/[0-9a-f]{32}$/);
  // An owner the tenant does not know: its 400, with the tracking id, and the input kept.
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Workday EU');
  await page.getByLabel('Owner identity id').fill('f'.repeat(32));
  await page.getByRole('button', { name: 'Review request' }).click();
  await page.getByRole('button', { name: 'Create source' }).click();
  const alert = await textOf(page.getByRole('alert', { name: 'The source was not created' }));
  assert.match(alert, /400\.1 Bad Request Content/);
  assert.match(alert, /Owner identity f{32} does not exist/);
  assert.match(alert, /Tracking id[^]*[0-9a-f]{32}/);
  assert.equal(await page.getByRole('textbox', { name: 'Name', exact: true }).inputValue(), 'Workday EU');
  assert.equal(await page.getByLabel('Description', { exact: true }).inputValue(), 'a second Workday');
  assert.equal(await page.getByLabel('Connector', { exact: true }).inputValue(), 'workday');
  assert.match(await page.getByLabel('Owner identity id').inputValue(), /^[0-9a-f]{32}$/);
  await shot(page, '25-source-server-error');
});

test('asked, the list reads each source\'s accounts, health and last aggregation, and sorts the page by them', async () => {
  const page = await newPage(browser);
  await connected(page);
  // Not read until asked: two calls a source.
  await control('DELETE', 'received');
  await page.waitForTimeout(500);
  assert.equal((await received()).filter((c) => c.path.endsWith('/source-health')).length, 0);
  await page.getByRole('button', { name: 'Read accounts, health and last aggregation (25 calls)' }).click();
  await page.getByText('Accounts, last aggregation and health read for 12 sources; sorting by them sorts this page.').waitFor();
  const col = (k) => page.getByRole('table').getByRole('row').locator(`td:nth-child(${k})`).allTextContents();
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Accounts', exact: true }).click();
  await page.getByRole('columnheader', { name: 'Accounts ▲' }).waitFor();
  await page.getByText(/read for 12 sources/).waitFor();
  const counts = (await col(6)).map(Number);
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b));
  assert.equal(new URL(page.url()).searchParams.get('sort'), 'accounts');
  const lists = (await received()).filter((c) => c.method === 'GET' && c.path === P.sources);
  assert.ok(lists.length >= 1 && lists.every((c) => !c.query.includes('sorters=accounts')), 'the API is not asked to sort by a fact');
  // Each count is the tenant's.
  const tok = await tenantToken();
  const all = await (await fetch(`${API}${P.sources}`, { headers: { Authorization: `Bearer ${tok}` } })).json();
  const shownFirst = (await names(page))[0];
  const first = all.find((s) => s.name === shownFirst);
  assert.equal(counts[0], (await tenantAccounts(first.id)).length);
  // Health: the failing source first.
  await page.getByRole('button', { name: 'Health', exact: true }).click();
  await page.getByRole('columnheader', { name: 'Health ▲' }).waitFor();
  assert.equal((await col(8))[0], 'failing');
  assert.equal((await received()).filter((c) => c.path.endsWith('/source-health')).length, 0, 'a sort by a fact reads no fact again');
  await shot(page, '137-sources-facts-1280');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, '137-sources-facts-390');
  assert.deepEqual(page.errors, []);
});
