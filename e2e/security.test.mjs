// Security: hostile tenant data renders as text everywhere; secrets stay out of storage,
// URLs, console, Activity and exports; the bearer token goes only to the API host.
import { test, before, after, beforeEach } from 'node:test';
import { readFileSync } from 'node:fs';
import { launch, newPage, control, connectWithPat, textOf, assert, APP, API, CLIENT_ID, CLIENT_SECRET } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });

/** Elements or handlers a payload would have created if it had been parsed as HTML. */
async function injected(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
      if (['IMG', 'IFRAME', 'SVG', 'svg', 'OBJECT', 'EMBED', 'VIDEO', 'AUDIO', 'MARQUEE', 'BASE', 'META', 'TEMPLATE'].includes(el.tagName) && el.closest('head') === null) found.push(el.tagName);
      if (el.tagName === 'SCRIPT' && !el.src) found.push('inline SCRIPT');
      for (const a of el.attributes) if (a.name.startsWith('on')) found.push(`${el.tagName}[${a.name}]`);
      if (el.tagName === 'A' && /^javascript:/i.test(el.getAttribute('href') || '')) found.push('javascript: link');
    }
    return found;
  });
}

test('50+ XSS payloads in names, attributes and errors render as text on every screen', async () => {
  const page = await newPage(browser);
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const planted = await control('POST', 'hostile');
  assert.ok(planted.payloads >= 50);
  await connectWithPat(page);
  await page.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
  assert.match(await page.getByRole('table').textContent(), /<script>alert\(1\)<\/script>/, 'payloads shown as text');
  // the detector itself finds a planted element, so an empty result means something
  await page.evaluate(() => { const i = document.createElement('img'); i.id = 'probe'; i.setAttribute('onerror', 'x'); document.body.append(i); });
  assert.deepEqual(await injected(page), ['IMG', 'IMG[onerror]']);
  await page.evaluate(() => document.getElementById('probe').remove());
  const checks = [];
  const check = async (where) => checks.push([where, await injected(page)]);
  await check('sources');
  await page.getByRole('table').getByRole('link').first().click();
  await page.getByRole('heading', { name: 'Account schema' }).waitFor();
  await check('source');
  // a server-side 400 whose message carries a payload
  const dupName = (await page.getByRole('heading', { level: 1 }).textContent()).trim();
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.getByRole('link', { name: 'New source' }).click();
  await page.getByLabel('Name', { exact: true }).fill(dupName);
  await page.getByLabel('Owner identity id').fill('0'.repeat(32));
  await page.getByLabel('Connector', { exact: true }).selectOption({ label: 'Delimited file (CSV): sends provisionAsCsv=true' });
  await page.getByRole('button', { name: 'Review request' }).click();
  await page.getByRole('button', { name: 'Create source' }).click();
  await textOf(page.getByRole('alert', { name: 'The source was not created' }));
  await check('source error');
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
  await check('accounts');
  await page.getByRole('table').getByRole('link').first().click();
  await page.getByRole('heading', { name: 'Attributes' }).waitFor();
  await check('account');
  await page.getByRole('link', { name: 'Identity profiles' }).click();
  await page.getByRole('list', { name: /Identity profiles by priority/ }).getByRole('listitem').first().waitFor();
  await check('identity profiles');
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('heading', { name: 'Activity' }).waitFor();
  await check('activity');
  for (const [where, found] of checks) assert.deepEqual(found, [], `${where}: ${found.join(', ')}`);
  assert.deepEqual(dialogs, []);
});

test('after a full session no secret or token is in storage, URLs, console, Activity or the export; the token goes only to the API host', async () => {
  const page = await newPage(browser);
  const consoleLines = [];
  const urls = [];
  const authTargets = new Set();
  let token = null;
  page.on('console', (m) => consoleLines.push(m.text()));
  page.on('framenavigated', (f) => urls.push(f.url()));
  page.on('request', (r) => { if (r.headers().authorization) authTargets.add(new URL(r.url()).origin); });
  page.on('response', async (r) => {
    if (r.url().endsWith('/oauth/token') && r.status() === 200) token = (await r.json()).access_token;
  });
  await connectWithPat(page, CLIENT_SECRET, { remember: true });
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  // a write, task following, and the other screens
  await page.getByRole('link', { name: 'Identity profiles' }).click();
  await page.getByRole('listitem', { name: /^Employees,/ }).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await page.getByRole('button', { name: 'Apply…' }).click();
  await page.getByRole('button', { name: 'Apply now' }).click();
  await page.getByText(/its order is the wanted one/).waitFor();
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('table').getByRole('link').first().click();
  await page.getByRole('button', { name: 'Reload' }).click();
  await page.getByText(/Reload: task [0-9a-f]{32} finished/).waitFor({ timeout: 15000 });
  await page.getByRole('link', { name: 'Activity' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as JSON' }).click()]);
  const exported = readFileSync(await download.path(), 'utf8');
  assert.ok(token && token.length > 20, 'saw the token on the wire');
  const stores = await page.evaluate(async () => {
    const dbs = indexedDB.databases ? await indexedDB.databases() : [];
    return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie, dbs });
  });
  const html = await page.content();
  for (const [what, text] of [['storage', stores], ['URLs', urls.join('\n')], ['console', consoleLines.join('\n')], ['Activity page', html], ['export', exported]]) {
    assert.ok(!text.includes('demo-secret'), `secret in ${what}`);
    assert.ok(!text.includes(token), `token in ${what}`);
  }
  assert.match(stores, /demo-client-0000/, 'remember-this-device kept the client id');
  assert.deepEqual([...authTargets], [API]);
});
