// Deploy anywhere (docs/hosting.md): one dist/ served by a plain static server at the root
// and under a sub-path (no single-page fallback: page addresses go in ?path=), by a host that
// serves 404.html for unknown paths (as GitHub Pages does), and by nginx with the same-origin
// proxy to one tenant host (scripts/nginx-proxy).
import { test, before, after, beforeEach } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import http, { createServer } from 'node:http';
import { join, extname } from 'node:path';
import { tmpdir } from 'node:os';
import { launch, newPage, control, received, shot, assert, API, CLIENT_ID, CLIENT_SECRET, P, GEN } from './helpers.mjs';

const DIST = new URL('../dist/', import.meta.url).pathname;
const ROOT = new URL('../', import.meta.url).pathname;
const PY_PORT = Number(process.env.E2E_PY_PORT || 8471);
const PAGES_PORT = Number(process.env.E2E_PAGES_PORT || 8472);
const NGINX_PORT = Number(process.env.E2E_NGINX_PORT || 8473);
const PY = `http://127.0.0.1:${PY_PORT}`;
const PAGES = `http://127.0.0.1:${PAGES_PORT}`;
const NGINX = `http://127.0.0.1:${NGINX_PORT}`;

let browser;
const children = [];
let pages;

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try { await fetch(url); return; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  throw new Error(`nothing answered at ${url}`);
}

function start(cmd, args, opts = {}) {
  const c = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...opts });
  c.stderrText = '';
  c.stderr.on('data', (d) => { c.stderrText += d; });
  children.push(c);
  return c;
}

/** A host like GitHub Pages for a project site: the files under /gh/isc/, and for any other
 *  path its 404.html with status 404. No single-page fallback. */
function pagesHost() {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
  return createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, PAGES).pathname);
    const under = path.startsWith('/gh/isc/') ? path.slice('/gh/isc/'.length) : null;
    let file = under === '' ? 'index.html' : under;
    if (file && !file.includes('..') && existsSync(join(DIST, file)) && extname(file)) {
      res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream' });
      res.end(readFileSync(join(DIST, file)));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/html' });
    res.end(readFileSync(join(DIST, '404.html')));
  }).listen(PAGES_PORT, '127.0.0.1');
}

before(async () => {
  browser = await launch();
  // One folder holds the console at its root and again at /some/path/.
  const site = mkdtempSync(join(tmpdir(), 'isc-site-'));
  for (const f of readdirSync(DIST)) symlinkSync(join(DIST, f), join(site, f));
  mkdirSync(join(site, 'some'));
  symlinkSync(DIST, join(site, 'some', 'path'));
  start('python3', ['-m', 'http.server', String(PY_PORT), '--bind', '127.0.0.1', '--directory', site]);
  pages = pagesHost();
  // nginx: the files with a fallback, and the proxy to this run's tenant (the contract
  // check's Prism when scripts/test runs, else the demo-tenant server).
  const tenant = new URL(API);
  start(join(ROOT, 'scripts/nginx-proxy'), ['--tenant', API, '--allow-host', tenant.host,
    '--listen', `127.0.0.1:${NGINX_PORT}`, '--run', mkdtempSync(join(tmpdir(), 'isc-nginx-'))]);
  await Promise.all([waitFor(`${PY}/`), waitFor(`${PAGES}/gh/isc/`), waitFor(`${NGINX}/`)]);
});
after(async () => {
  for (const c of children) c.kill();
  pages?.close();
  await browser?.close();
});
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });

const h1 = (page) => page.getByRole('heading', { level: 1 });
const navHrefs = (page) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link')
  .evaluateAll((as) => as.map((a) => a.getAttribute('href')));

/** Signs in with the PAT form of the page at `connectUrl`, optionally through a proxy. */
async function signIn(page, connectUrl, proxy) {
  await page.goto(connectUrl);
  await page.getByLabel('API paths', { exact: true }).selectOption(GEN);
  await page.getByLabel('Tenant', { exact: true }).fill(API);
  await page.getByLabel('Client id', { exact: true }).fill(CLIENT_ID);
  await page.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
  if (proxy) {
    await page.getByText('Proxy (optional)').click();
    await page.getByLabel('Proxy base URL').fill(proxy);
  }
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
}

test('under /some/path/ on a plain static server: a deep link opens, survives a reload, and links and Back stay under the path', async () => {
  const page = await newPage(browser);
  await page.goto(`${PY}/some/path/?path=/sources&sort=name`);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  assert.equal(await h1(page).textContent(), 'Sources');
  // The demo tenant opened by itself: its worker was found beside the page.
  assert.ok(page.requests.includes(`${PY}/some/path/isc-demo-worker_loader.js`));
  assert.deepEqual(page.requests.filter((u) => u.startsWith(PY) && !u.startsWith(`${PY}/some/path/`)), [],
    'nothing is asked for at the host\'s root');
  assert.deepEqual(await navHrefs(page), ['/some/path/?path=/sources', '/some/path/?path=/accounts',
    '/some/path/?path=/identity-profiles', '/some/path/?path=/tasks', '/some/path/?path=/activity']);
  await page.getByRole('table').getByRole('link', { name: 'Workday' }).first().click();
  await page.getByRole('heading', { name: 'Workday', level: 1 }).waitFor();
  const sourceUrl = page.url();
  assert.match(sourceUrl, /^http:\/\/127\.0\.0\.1:\d+\/some\/path\/\?path=\/sources\/[0-9a-f]{32}$/);
  await shot(page, '80-hosting-subpath-source');
  await page.reload();
  await page.getByRole('heading', { name: 'Workday', level: 1 }).waitFor();
  assert.equal(page.url(), sourceUrl, 'a reload keeps the page');
  await page.getByRole('link', { name: 'Accounts on this source' }).click();
  await h1(page).filter({ hasText: 'Accounts' }).waitFor();
  assert.match(page.url(), /\/some\/path\/\?path=\/accounts&source=[0-9a-f]{32}$/);
  await page.goBack();
  await page.getByRole('heading', { name: 'Workday', level: 1 }).waitFor();
  assert.equal(page.url(), sourceUrl);
  // New source's code is a route chunk: fetched from beside the page too.
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.getByRole('link', { name: 'New source' }).click();
  await page.getByRole('heading', { name: 'New source', level: 1 }).waitFor();
  assert.match(page.url(), /\/some\/path\/\?path=\/sources\/new$/);
  assert.ok(page.requests.some((u) => /^http:\/\/[^/]+\/some\/path\/split_sources-[0-9a-f]{16}\.wasm$/.test(u)),
    'the chunk of the sources screens is fetched from the folder of the console');
  // A page address the host cannot serve as a file is the console's not-found page.
  await page.goto(`${PY}/some/path/?path=/nowhere`);
  await h1(page).filter({ hasText: 'Page not found' }).waitFor();
  await page.close();
});

test('at the root of a plain static server: deep link, reload, and a PAT sign-in that returns to the page', async () => {
  const page = await newPage(browser);
  await page.goto(`${PY}/?path=/accounts`);
  await h1(page).filter({ hasText: 'Accounts' }).waitFor();
  assert.deepEqual((await navHrefs(page)).slice(0, 2), ['/?path=/sources', '/?path=/accounts']);
  await page.reload();
  await h1(page).filter({ hasText: 'Accounts' }).waitFor();
  assert.match(page.url(), /:\d+\/\?path=\/accounts$/);
  await page.context().clearCookies();
  const fresh = await newPage(browser);
  await signIn(fresh, `${PY}/?path=/connect`);
  assert.match(fresh.url(), /:\d+\/\?path=\/sources$/);
  assert.match(await fresh.getByRole('link', { name: /^Connected:/ }).textContent(), /127\.0\.0\.1/);
  assert.deepEqual(fresh.errors.filter((e) => !/404/.test(e)), [], 'only the look for a fallback is a 404');
  await page.close();
  await fresh.close();
});

test('on a host that serves 404.html (GitHub Pages): pretty addresses under the project path, a reload of one, and Back', async () => {
  const page = await newPage(browser);
  await page.goto(`${PAGES}/gh/isc/accounts?page=1`);
  await h1(page).filter({ hasText: 'Accounts' }).waitFor();
  assert.equal(page.url(), `${PAGES}/gh/isc/accounts?page=1`, 'the address stays as it was typed');
  assert.deepEqual((await navHrefs(page)).slice(0, 2), ['/gh/isc/sources', '/gh/isc/accounts']);
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  assert.equal(page.url(), `${PAGES}/gh/isc/sources`);
  await page.getByRole('table').getByRole('link', { name: 'Workday' }).first().click();
  await page.getByRole('heading', { name: 'Workday', level: 1 }).waitFor();
  const sourceUrl = page.url();
  assert.match(sourceUrl, /\/gh\/isc\/sources\/[0-9a-f]{32}$/);
  await page.reload();
  await page.getByRole('heading', { name: 'Workday', level: 1 }).waitFor();
  assert.equal(page.url(), sourceUrl);
  await page.goBack();
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  assert.equal(page.url(), `${PAGES}/gh/isc/sources`);
  await shot(page, '81-hosting-404-html');
  await page.close();
});

test('through nginx: the policy as a header, a fallback for page addresses, and a PAT sign-in and a write through the same-origin proxy', async () => {
  const head = await fetch(`${NGINX}/sources`);
  assert.equal(head.status, 200);
  assert.match(head.headers.get('content-security-policy'), /connect-src 'self';/);
  assert.equal(head.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(head.headers.get('cache-control'), 'no-cache');
  const wasm = readdirSync(DIST).find((f) => /^isc-console-[0-9a-f]{1,16}_bg\.wasm$/.test(f));
  assert.match((await fetch(`${NGINX}/${wasm}`)).headers.get('cache-control'), /immutable/);
  // The build's precompressed files are what nginx sends: the .br to a client that accepts
  // brotli, the .gz to one that accepts only gzip (byte for byte, nothing compressed on the fly).
  const raw = async (accept) => {
    const r = await new Promise((resolve, reject) => {
      http.get(`${NGINX}/${wasm}`, { headers: { 'Accept-Encoding': accept } }, (res) => {
        const parts = [];
        res.on('data', (c) => parts.push(c));
        res.on('end', () => resolve({ enc: res.headers['content-encoding'], body: Buffer.concat(parts) }));
      }).on('error', reject);
    });
    return r;
  };
  const br = await raw('gzip, deflate, br');
  assert.equal(br.enc, 'br');
  assert.ok(br.body.equals(readFileSync(`${DIST}/${wasm}.br`)), 'the .br file as the build wrote it');
  const gz = await raw('gzip');
  assert.equal(gz.enc, 'gzip');
  assert.ok(gz.body.equals(readFileSync(`${DIST}/${wasm}.gz`)), 'the .gz file as the build wrote it');
  // Only the API paths go to the tenant, and only to the configured one.
  assert.equal((await fetch(`${NGINX}/isc-api/__demo/reset`, { method: 'POST' })).status, 404);
  assert.equal((await fetch(`${NGINX}/isc-api/etc/passwd`)).status, 404);
  // (With a token the tenant refuses: the contract check sees a well-formed call.)
  const other = await fetch(`${NGINX}/isc-api${P.sources}`, { headers: { Host: 'evil.example', Authorization: 'Bearer not-a-token' } });
  assert.equal(other.status, 401, 'the tenant answered, whatever Host the caller sent');
  const big = await fetch(`${NGINX}/isc-api${P.sources}`, { method: 'POST', body: 'x'.repeat(21 * 1024 * 1024) });
  assert.equal(big.status, 413, 'request size limit');

  await control('DELETE', 'received');
  const page = await newPage(browser);
  await signIn(page, `${NGINX}/connect`, `${NGINX}/isc-api`);
  assert.equal(page.url(), `${NGINX}/sources`);
  // The write: disable (or enable) the first account of the list.
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('table').getByRole('link').first().click();
  await page.getByRole('button', { name: /^(Disable|Enable)$/ }).waitFor();
  const action = (await page.getByRole('button', { name: 'Disable', exact: true }).count()) ? 'Disable' : 'Enable';
  await page.getByRole('button', { name: action, exact: true }).click();
  await page.getByText(new RegExp(`${action}: task [0-9a-f]{32} finished: SUCCESS`)).waitFor({ timeout: 15000 });
  await shot(page, '82-hosting-nginx-proxy');
  assert.deepEqual(page.requests.filter((u) => !u.startsWith(NGINX) && !u.startsWith('data:')), [],
    'every call went to the page\'s own origin');
  const calls = await received();
  assert.ok(calls.some((c) => c.method === 'POST' && c.path === '/oauth/token'));
  assert.ok(calls.some((c) => c.method === 'POST' && /\/(disable|enable)$/.test(c.path)), JSON.stringify(calls.map((c) => c.path)));
  assert.deepEqual(calls.filter((c) => c.cookie || c.origin), [], 'no cookie and no origin reach the tenant');
  await page.close();
});
