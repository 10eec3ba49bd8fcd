// API generations: the console asks the tenant which paths it serves, falls back to classic
// on a 404 and says so; the Connection page shows and switches the paths; pickers read every
// page; calls that meet a stale token share one renewal.
import { test, before, after, beforeEach } from 'node:test';
import { launch, newPage, control, received, shot, connectWithPat, textOf, assert, P, bypassContractCheck, connectWithStaleToken } from './helpers.mjs';

// These tests mix the generations on purpose (a classic fallback, a switch): outside the
// contract check, which checks each run against one generation's description.
bypassContractCheck();

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); await control('DELETE', 'received'); });

const calls = async () => (await received()).map((c) => `${c.method} ${c.path} ${c.status}`);

test('asked, a tenant that serves v1 is spoken to on the per-service paths', async () => {
  const page = await newPage(browser);
  await connectWithPat(page, undefined, { paths: '' });
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  assert.deepEqual(await calls(), ['POST /oauth/token 200', 'GET /sources/v1 200', 'GET /sources/v1 200']);
  await page.getByRole('link', { name: /Connected:/ }).click();
  const facts = await textOf(page.getByRole('main'));
  assert.match(facts, /API paths\s*Per-service \(v1\)/);
  assert.equal(await page.getByLabel('Use the API paths').inputValue(), 'v1');
});

test('a tenant that answers v1 with 404 works in classic mode, and the page says why', async () => {
  await control('POST', 'config', { serve_v1: false });
  try {
    const page = await newPage(browser);
    await connectWithPat(page, undefined, { paths: '' });
    await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
    assert.deepEqual(await calls(), ['POST /oauth/token 200', 'GET /sources/v1 404', 'GET /v3/sources 200']);
    // Every screen then works on the classic paths: accounts, and a task followed to the end.
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
    await page.getByRole('link', { name: 'Connected:' }).click();
    const facts = await textOf(page.getByRole('main'));
    assert.match(facts, /Classic \(v3\/beta\)/);
    assert.match(facts, /answered 404 to GET \/sources\/v1/);
    await shot(page, '05-connected-classic');
    const paths = (await received()).map((c) => c.path);
    assert.ok(paths.includes('/v3/accounts'), paths.join(' '));
    assert.ok(!paths.some((p) => p.includes('/v1') && p !== '/sources/v1'), paths.join(' '));
  } finally {
    await control('POST', 'config', { serve_v1: true });
  }
});

test('the paths can be switched on the Connection page, and the next calls use them', async () => {
  const page = await newPage(browser);
  await connectWithPat(page, undefined, { paths: 'v1' });
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: /Connected:/ }).click();
  await page.getByLabel('Use the API paths').selectOption('classic');
  await page.getByText(/API paths\s*Classic/).waitFor();
  await control('DELETE', 'received');
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  assert.deepEqual(await calls(), ['GET /v3/sources 200']);
  // Activity shows the real path.
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('cell', { name: /^\/v3\/sources/ }).first().waitFor();
});

test('the account-source picker shows every source of a tenant with more than 250', async () => {
  const added = await control('POST', 'bulk', { sources: 300 });
  assert.equal(added.added, 300);
  const total = added.sources;
  const page = await newPage(browser);
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await control('DELETE', 'received');
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  const picker = page.getByLabel('Source', { exact: true });
  await page.getByRole('option', { name: 'Bulk source 0300' }).waitFor({ state: 'attached' });
  // "All sources" plus every source of the tenant.
  assert.equal(await picker.locator('option').count(), total + 1);
  const pages = (await received()).filter((c) => c.path === P.sources);
  assert.equal(pages.length, Math.ceil(total / 250), JSON.stringify(pages.map((c) => c.query)));
  assert.ok(pages.every((c) => /limit=250/.test(c.query)));
});

test('calls that meet a stale token at the same moment share one renewal', async () => {
  try {
    const page = await newPage(browser);
    await connectWithStaleToken(page);
    // The accounts page reads the source picker and the first accounts page at once.
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
    const seen = await calls();
    assert.equal(seen.filter((c) => c.includes('/oauth/token')).length, 1, seen.join('\n'));
    assert.ok(seen.includes(`GET ${P.sources} 200`) && seen.includes(`GET ${P.accounts} 200`), seen.join('\n'));
    assert.equal(seen.indexOf('POST /oauth/token 200'), 0, 'the renewal comes before both reads');
  } finally {
    await control('POST', 'config', { token_ttl_s: 749 });
  }
});
