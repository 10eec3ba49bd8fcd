// Scale: every account of a source loaded in parallel pages with progress, the table usable
// while it loads, client-side sort and filter without asking the tenant again, only the rows
// in view rendered, and loading that stops on request or when the person leaves the page.
import { test, before, after, beforeEach } from 'node:test';
import { launch, newPage, control, received, shot, connectWithPat, assert, P, bypassContractCheck } from './helpers.mjs';

bypassContractCheck();

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); await control('POST', 'config', { latency_ms: 0 }); });
beforeEach(async () => {
  await control('POST', 'config', { latency_ms: 0 });
  await control('POST', 'reset');
  await control('DELETE', 'faults');
});

const accountCalls = async () => (await received()).filter((c) => c.method === 'GET' && c.path === P.accounts);

async function openAll(page) {
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('link', { name: 'All matching accounts' }).click();
  await page.getByRole('status').filter({ hasText: /accounts loaded in/ }).waitFor();
}

test('2,000 accounts load in parallel pages, once each, and sort and filter without another call', async () => {
  const bulk = await control('POST', 'bulk', { accounts: 2000 });
  const page = await newPage(browser);
  await openAll(page);
  await control('DELETE', 'received');
  await page.getByLabel('Source', { exact: true }).selectOption({ label: bulk.sourceName });
  const status = page.getByRole('status').filter({ hasText: /^2010 accounts loaded in [\d.]+ s$/ });
  await status.waitFor({ timeout: 20000 });
  const calls = await accountCalls();
  const offsets = calls.map((c) => Number(new URLSearchParams(c.query).get('offset'))).sort((a, b) => a - b);
  assert.deepEqual(offsets, [0, 250, 500, 750, 1000, 1250, 1500, 1750, 2000], 'each page asked for exactly once');
  assert.ok(calls.every((c) => c.status === 200), 'no 429 or other refusal');
  assert.equal(calls.filter((c) => new URLSearchParams(c.query).get('count') === 'true').length, 1);

  // Only the rows in view are in the DOM; the table reports them all.
  const table = page.getByRole('table', { name: 'Accounts' });
  assert.equal(await table.getAttribute('aria-rowcount'), '2011');
  const rendered = await table.locator('tbody tr[aria-rowindex]').count();
  assert.ok(rendered > 10 && rendered < 60, `rendered ${rendered} rows`);
  await shot(page, '70-accounts-all');

  // Sort by name on the client: ascending order, and no call to the tenant.
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await page.getByRole('columnheader', { name: 'Name ▲' }).waitFor();
  const names = await table.locator('tbody tr[aria-rowindex] td:first-child').allTextContents();
  const sorted = [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  assert.deepEqual(names.map((n) => n.toLowerCase()), sorted.map((n) => n.toLowerCase()));
  // Filter the loaded rows: every shown row matches, still no call.
  await page.getByLabel('Filter the loaded accounts').fill('bulk.0199');
  await page.getByText(/Showing 10\.$/).waitFor();
  const natives = await table.locator('tbody tr[aria-rowindex] td:nth-child(2)').allTextContents();
  assert.equal(natives.length, 10);
  assert.ok(natives.every((n) => n.startsWith('bulk.0199')), natives.join());
  assert.equal((await accountCalls()).length, 0, 'sorting and filtering asked the tenant nothing');

  // Scrolling to the end renders the last row.
  await page.getByLabel('Filter the loaded accounts').fill('');
  await page.getByRole('region', { name: 'Accounts' }).evaluate((el) => { el.scrollTop = el.scrollHeight; el.dispatchEvent(new Event('scroll')); });
  await table.locator('tbody tr[aria-rowindex="2011"]').waitFor();
  assert.ok(await table.locator('tbody tr[aria-rowindex="2011"]').isVisible());
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the table is usable while pages arrive, and Stop loading sends no more', async () => {
  await control('POST', 'bulk', { accounts: 6000 });
  const page = await newPage(browser);
  await openAll(page);
  await control('POST', 'config', { latency_ms: 700 });
  await control('DELETE', 'received');
  await page.getByLabel('Source', { exact: true }).selectOption({ label: 'HR Feed (CSV)' });
  await page.getByRole('status').filter({ hasText: /^Loading: \d+ of 6010 accounts$/ }).waitFor();
  // Rows are there and sortable before the last page arrives.
  await page.getByRole('table', { name: 'Accounts' }).locator('tbody tr[aria-rowindex="2"]').waitFor();
  await page.getByRole('button', { name: 'Native identity', exact: true }).click();
  await page.getByRole('columnheader', { name: 'Native identity ▲' }).waitFor();
  await shot(page, '71-accounts-loading');
  await page.getByRole('button', { name: 'Stop loading' }).click();
  const stopped = page.getByRole('status').filter({ hasText: /^Stopped: \d+ of 6010 accounts loaded$/ });
  await stopped.waitFor({ timeout: 5000 });
  const after = (await accountCalls()).length;
  await page.waitForTimeout(1200);
  assert.equal((await accountCalls()).length, after, 'nothing more was asked after stopping');
  assert.ok(after < 25, `only part of the 25 pages was asked for (${after})`);
  await page.close();
});

test('leaving the page while accounts load cancels the reads in flight and sends no more', async () => {
  await control('POST', 'bulk', { accounts: 6000 });
  const page = await newPage(browser);
  await openAll(page);
  await control('POST', 'config', { latency_ms: 600 });
  await control('DELETE', 'received');
  await page.getByLabel('Source', { exact: true }).selectOption({ label: 'HR Feed (CSV)' });
  await page.getByRole('status').filter({ hasText: /^Loading: \d+ of 6010 accounts$/ }).waitFor();
  const aborted = [];
  page.on('requestfailed', (r) => { if (r.url().includes(P.accounts)) aborted.push(r.failure()?.errorText); });
  await page.getByRole('link', { name: 'Tasks' }).click();
  await page.waitForTimeout(300);
  const sent = (await accountCalls()).length;
  await page.waitForTimeout(1500);
  assert.equal((await accountCalls()).length, sent, 'no page was asked for after leaving');
  assert.ok(sent < 25, `only part of the pages was asked for (${sent})`);
  assert.ok(aborted.length >= 1, 'the reads in flight were aborted');
  assert.ok(aborted.every((e) => /ABORTED|aborted/i.test(e || '')), aborted.join());
  await page.close();
});

test('a garbled page of "All matching accounts" is asked for again in place, and the list completes', async () => {
  const bulk = await control('POST', 'bulk', { accounts: 1000 });
  const page = await newPage(browser);
  await openAll(page);
  await control('DELETE', 'received');
  // The third accounts page answers 200 with a body that is not JSON, once.
  await control('POST', 'faults', [{ kind: 'malformed', method: 'GET', path_prefix: P.accounts, skip: 2, times: 1 }]);
  await page.getByLabel('Source', { exact: true }).selectOption({ label: bulk.sourceName });
  await page.getByRole('status').filter({ hasText: /^1010 accounts loaded in [\d.]+ s$/ }).waitFor({ timeout: 20000 });
  assert.equal(await page.getByText(/could not be loaded/).count(), 0);
  const calls = await accountCalls();
  const offsets = calls.map((c) => Number(new URLSearchParams(c.query).get('offset'))).sort((a, b) => a - b);
  // Five pages, one of them twice: the garbled one, read again.
  assert.equal(calls.length, 6, JSON.stringify(offsets));
  assert.deepEqual([...new Set(offsets)], [0, 250, 500, 750, 1000]);
});
