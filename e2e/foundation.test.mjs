// Foundation: PAT sign-in against the demo-tenant server, errors that keep what was typed,
// Activity, and the in-page demo tenant with no network.
import { test, before, after, beforeEach } from 'node:test';
import { launch, newPage, control, received, shot, connectWithPat, textOf, assert, APP, API, CLIENT_ID, CLIENT_SECRET, P, GEN, connectWithStaleToken } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'received'); });

test('connect with a PAT through the UI and see the source count', async () => {
  const page = await newPage(browser);
  await page.goto(`${APP}/connect`);
  await page.getByRole('heading', { name: 'Connect with a personal access token' }).waitFor();
  await shot(page, '01-connect');
  await connectWithPat(page);
  const count = await textOf(page.getByRole('status').filter({ hasText: /^\d+ sources$/ }));
  assert.equal(count.trim(), '12 sources');
  await page.getByRole('cell', { name: 'HR Feed (CSV)' }).waitFor();
  await shot(page, '02-sources');
  const calls = await received();
  assert.deepEqual(calls.map((c) => `${c.method} ${c.path} ${c.status}`), ['POST /oauth/token 200', `GET ${P.sources} 200`]);
  // the connection panel shows org and pod from the token answer
  await page.getByRole('link', { name: /Connected:/ }).click();
  await page.getByRole('heading', { name: 'Connected' }).waitFor();
  const panel = await page.getByRole('main').textContent();
  assert.match(panel, /acme-demo/);
  assert.match(panel, /demo-pod/);
  assert.match(panel, /Token renews at/);
  await shot(page, '03-connected');
  assert.deepEqual(page.errors, []);
});

test('a wrong secret shows the tenant error and keeps tenant and client id', async () => {
  const page = await newPage(browser);
  await connectWithPat(page, 'not-the-secret');
  const alert = await textOf(page.getByRole('alert').filter({ hasText: 'Bad credentials' }));
  assert.match(alert, /refused this client id and secret/);
  assert.equal(await page.getByLabel('Tenant', { exact: true }).inputValue(), API);
  assert.equal(await page.getByLabel('Client id', { exact: true }).inputValue(), CLIENT_ID);
  assert.equal(await page.getByLabel('Client secret', { exact: true }).inputValue(), 'not-the-secret');
  await shot(page, '04-connect-error');
  // the page's own console may show the browser's note about the 401; nothing else
  assert.deepEqual(page.errors.filter((e) => !/401/.test(e)), []);
});

test('an invalid form sends nothing and marks each field', async () => {
  const page = await newPage(browser);
  await page.goto(`${APP}/connect`);
  await page.getByLabel('Tenant', { exact: true }).fill('http://acme.example.com');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  assert.equal(await page.getByLabel('Tenant', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Client id', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.match(await page.getByRole('main').textContent(), /Plain http:\/\/ is refused/);
  assert.deepEqual(await received(), []);
});

test('every call shows up in Activity without secrets, and copies as curl', async () => {
  const page = await newPage(browser);
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('heading', { name: 'Activity' }).waitFor();
  const rows = page.getByRole('row');
  await page.getByRole('cell', { name: '/oauth/token' }).waitFor();
  const table = await page.getByRole('table').textContent();
  assert.match(table, new RegExp(`GET.*${P.sources}\\?limit=250&offset=0&count=true.*200`, 's'));
  assert.match(table, /POST.*\/oauth\/token.*200/s);
  assert.ok((await rows.count()) >= 3);
  await shot(page, '05-activity');
  const html = await page.content();
  assert.ok(!html.includes('demo-secret'), 'the secret is not on the Activity page');
  assert.ok(!/eyJhbGciOiJSUzI1NiJ9\.demo\.[0-9a-f]/.test(html), 'no token on the Activity page');
  // export holds no secret either
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export as JSON' }).click(),
  ]);
  const path = await download.path();
  const text = (await import('node:fs')).readFileSync(path, 'utf8');
  const exported = JSON.parse(text);
  assert.ok(exported.length >= 2);
  assert.ok(!text.includes('demo-secret') && !text.includes('eyJhbGciOiJSUzI1NiJ9.demo.'));
  assert.ok(exported.some((e) => e.curl.includes('Authorization: Bearer $TOKEN')));
});

test('the demo tenant works in the page with no network', async () => {
  const page = await newPage(browser);
  await page.goto(`${APP}/`);
  const count = await textOf(page.getByRole('status').filter({ hasText: /^\d+ sources$/ }));
  assert.equal(count.trim(), '12 sources');
  assert.equal(new URL(page.url()).pathname, '/sources');
  await page.getByRole('link', { name: 'Demo tenant' }).waitFor();
  // only the console's own files were fetched: no API server, no outside host
  const foreign = page.requests.filter((u) => !u.startsWith(APP) && !u.startsWith('data:'));
  assert.deepEqual(foreign, []);
  assert.deepEqual(await received(), []);
  // a reload keeps the demo session
  await page.reload();
  assert.equal((await textOf(page.getByRole('status').filter({ hasText: /^\d+ sources$/ }))).trim(), '12 sources');
  // Disconnect, then "Use demo tenant" from the connect screen
  await page.getByRole('link', { name: 'Demo tenant' }).click();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await page.getByRole('button', { name: 'Use demo tenant' }).click();
  await page.getByRole('cell', { name: 'SAP ERP' }).waitFor();
  // the demo tenant runs in a worker of this page; its secret never reaches the Activity log
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('cell', { name: '/oauth/token' }).first().waitFor();
  assert.ok(!(await page.getByRole('main').textContent()).includes('demo-secret'));
  assert.deepEqual(page.errors, []);
});

test('remember this device stores the tenant and client id, never the secret', async () => {
  const page = await newPage(browser);
  await connectWithPat(page, CLIENT_SECRET, { remember: true });
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert.match(stored, /demo-client-0000/);
  assert.ok(!stored.includes('demo-secret'));
  assert.ok(!stored.includes('eyJhbGciOiJSUzI1NiJ9'));
  // a new visit to / goes to the connect screen with both fields filled
  const again = await page.context().newPage();
  await again.goto(`${APP}/`);
  await again.getByLabel('Client id', { exact: true }).waitFor();
  assert.equal(await again.getByLabel('Client id', { exact: true }).inputValue(), CLIENT_ID);
  assert.equal(await again.getByLabel('Tenant', { exact: true }).inputValue(), API);
  assert.equal(await again.getByLabel('API paths', { exact: true }).inputValue(), GEN, 'the API paths chosen come back too');
  assert.equal(await again.getByLabel('Client secret', { exact: true }).inputValue(), '');
});

test('a token the tenant rejects is renewed once and the call repeated once', async () => {
  const page = await newPage(browser);
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: 'Activity' }).click();
  await control('DELETE', 'received');
  await control('POST', 'faults', [{ kind: 'expire_token', method: 'GET', path_prefix: P.sources }]);
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  const calls = (await received()).map((c) => `${c.method} ${c.path} ${c.status}`);
  assert.deepEqual(calls, [`GET ${P.sources} 401`, 'POST /oauth/token 200', `GET ${P.sources} 200`]);
});

test('a token is renewed before it expires, without meeting a 401', async () => {
  try {
    const page = await newPage(browser);
    await connectWithStaleToken(page);
    await page.getByRole('link', { name: 'Sources', exact: true }).click();
    await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
    const calls = (await received()).map((c) => `${c.method} ${c.path} ${c.status}`);
    assert.deepEqual(calls, ['POST /oauth/token 200', `GET ${P.sources} 200`]);
  } finally {
    await control('POST', 'config', { token_ttl_s: 749 });
  }
});
