// Security: hostile tenant data renders as text everywhere; secrets stay out of storage,
// URLs, console, Activity and exports; the bearer token goes only to the API host.
import { test, before, after, beforeEach } from 'node:test';
import { readFileSync } from 'node:fs';
import { launch, newPage, control, connectWithPat, textOf, shot, assert, APP, API, CLIENT_ID, CLIENT_SECRET, P, GEN, openActivity } from './helpers.mjs';

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
      // The one inline script allowed (by its hash in the policy): index.html's address guard.
      const guard = el.id === 'isc-guard' && el.parentElement === document.head && el.textContent.includes('__isc_deep');
      if (el.tagName === 'SCRIPT' && !el.src && !guard) found.push('inline SCRIPT');
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
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(dupName);
  await page.getByLabel('Owner identity id').fill('0'.repeat(32));
  await page.getByLabel('Connector', { exact: true }).selectOption({ label: 'Delimited file (CSV): sends provisionAsCsv=true' });
  await page.getByRole('button', { name: 'Review request' }).click();
  await page.getByRole('button', { name: 'Create source' }).click();
  // The name is taken: the console's own read says so before anything is sent.
  await textOf(page.getByRole('status', { name: 'What the tenant holds' }));
  await check('source name taken');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Owner Check Source');
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
  await openActivity(page);
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

/** Tries a fetch from the page; says whether the CSP blocked it (and records the violation). */
async function tryFetch(page, url, headers = {}) {
  return page.evaluate(async ([u, h]) => {
    const seen = [];
    const on = (e) => seen.push(e.blockedURI);
    document.addEventListener('securitypolicyviolation', on);
    let outcome;
    try { await fetch(u, { headers: h }); outcome = 'sent'; } catch { outcome = 'failed'; }
    await new Promise((r) => setTimeout(r, 50));
    document.removeEventListener('securitypolicyviolation', on);
    return { outcome, blocked: seen.some((b) => u.startsWith(b) || b.startsWith(new URL(u).origin)) };
  }, [url, headers]);
}

test('the CSP blocks inline script, and once connected the page reaches only the API host', async () => {
  const page = await newPage(browser);
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  const inline = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.appendChild(s);
    return window.__inlineRan === true;
  });
  assert.equal(inline, false, 'inline script must not run');
  // Another origin on the same machine: allowed by the static policy, refused after connecting.
  const other = API.replace('127.0.0.1', 'localhost');
  assert.deepEqual(await tryFetch(page, `${other}/__demo/received`), { outcome: 'failed', blocked: true });
  // (with a bearer the tenant refuses: the call itself is well formed)
  assert.deepEqual(await tryFetch(page, `${API}${P.sources}`, { Authorization: 'Bearer not-a-token' }), { outcome: 'sent', blocked: false });
  await page.getByRole('link', { name: /^Connected:/ }).click();
  assert.match(await page.getByRole('main').textContent(), new RegExp(`this page and ${API.replace(/[.]/g, '\\.')} only`));
  page.errors.length = 0; // the blocked fetch logs a console error on purpose
});

test('a proxy base URL takes every call, the token request included, and the page then allows only it', async () => {
  const page = await newPage(browser);
  await page.goto(`${APP}/connect`);
  await page.getByLabel('Tenant', { exact: true }).fill('acme');
  await page.getByLabel('Client id', { exact: true }).fill(CLIENT_ID);
  await page.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
  await page.getByLabel('API paths', { exact: true }).selectOption(GEN);
  await page.getByText('Proxy (optional)').click();
  await page.getByLabel('Proxy base URL').fill('http://proxy.corp.example');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  assert.equal(await page.getByLabel('Proxy base URL').getAttribute('aria-invalid'), 'true');
  assert.match(await page.getByRole('main').textContent(), /Plain http:\/\/ is refused for proxy\.corp\.example/);
  await shot(page, '62-connect-proxy-refused');
  await page.getByLabel('Proxy base URL').fill(API);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  const apiCalls = page.requests.filter((u) => !u.startsWith(APP) && !u.startsWith('data:'));
  assert.ok(apiCalls.length >= 2);
  assert.deepEqual(apiCalls.filter((u) => !u.startsWith(API)), [], 'every call went to the proxy');
  assert.ok(apiCalls.some((u) => u === `${API}/oauth/token`));
  const r = await tryFetch(page, 'https://acme.api.identitynow.com/v3/sources');
  assert.equal(r.blocked, true, 'the tenant host itself is not reachable around the proxy');
  await page.getByRole('link', { name: /^Connected:/ }).click();
  assert.match(await page.getByRole('main').textContent(), new RegExp(`Calls go to${API.replace(/[.]/g, '\\.')}`));
  page.errors.length = 0;
});

/** Text nodes that carry a raw direction control or zero-width character (the console's own
 *  isolates, U+2068 … U+2069 around a name in a sentence, excepted), and how far the page
 *  is wider than the window. */
async function spoofed(page) {
  return page.evaluate(() => {
    const bad = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066\u2067\uFEFF]/;
    const found = [];
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      if (bad.test(n.textContent)) found.push(JSON.stringify(n.textContent.slice(0, 60)));
    }
    return { found, overflow: document.documentElement.scrollWidth - window.innerWidth };
  });
}

/** Follows a section link of the top bar, through the Menu button where the bar is folded. */
async function go(page, name) {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('link', { name, exact: true }).first().click();
}

test('spoofing text (a direction override, look-alike, blank and invisible names, a 10,000-character value) is marked, isolated and wrapped on every screen', async () => {
  const planted = await control('POST', 'spoofs');
  assert.ok(planted['account 0'] && planted['account 1']);
  for (const width of [390, 1280]) {
    const page = await newPage(browser);
    await page.setViewportSize({ width, height: 860 });
    await connectWithPat(page);
    await page.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
    const checks = [];
    const check = async (where) => checks.push([where, await spoofed(page)]);
    await check('sources');
    // The override is shown as a mark, and the look-alike can be told from Workday.
    const rlo = page.getByRole('link', { name: 'Pay⟨U+202E⟩roll SSECCUS' });
    await rlo.first().waitFor();
    assert.equal(await page.getByRole('link', { name: 'Work⟨U+200D⟩day' }).count(), 1);
    await rlo.first().click();
    await page.getByRole('heading', { level: 1, name: 'Pay⟨U+202E⟩roll SSECCUS' }).waitFor();
    await page.getByText('The name has invisible characters (marked ⟨U+…⟩): show what it holds').click();
    await page.getByText('P a y U+202E r o l l U+0020 S S E C C U S').waitFor();
    await check('source with an override');
    if (width === 390) await shot(page, '111-spoof-source-390');
    await go(page, 'Sources');
    await page.getByRole('table').getByRole('link', { name: 'HR Feed (CSV)' }).click();
    await page.getByRole('heading', { level: 1, name: 'HR Feed (CSV)' }).waitFor();
    await page.getByRole('link', { name: 'Accounts on this source' }).click();
    await page.getByRole('link', { name: '(no visible name)' }).first().waitFor();
    await check('accounts');
    await page.getByRole('link', { name: '(no visible name)' }).first().click();
    await page.getByRole('heading', { level: 1, name: '(no visible name)' }).waitFor();
    await page.getByText('The name has nothing visible in it: show what it holds').click();
    await page.getByText('U+0020 U+0020 U+0020').waitFor();
    await page.getByRole('heading', { name: 'Attributes' }).waitFor();
    await check('account with a blank name and a 10,000-character value');
    if (width === 390) await shot(page, '112-spoof-account-390');
    await go(page, 'Identity profiles');
    await page.getByRole('list', { name: /Identity profiles by priority/ }).getByRole('listitem').first().waitFor();
    await check('identity profiles');
    await go(page, 'Tasks');
    await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
    await check('tasks');
    await go(page, 'Activity');
    await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
    await check('activity');
    for (const [where, r] of checks) {
      assert.deepEqual(r.found, [], `${width} px, ${where}: raw controls in ${r.found.join(', ')}`);
      assert.ok(r.overflow <= 0, `${width} px, ${where}: the page is ${r.overflow} px wider than the window`);
    }
    await page.close();
  }
});
