// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core,
// the built console on E2E_APP_PORT and the demo-tenant server on E2E_API_PORT.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

// APP / API (full addresses) are set by scripts/bench, which reuses these helpers.
export const APP = process.env.APP || `http://127.0.0.1:${process.env.E2E_APP_PORT || 8181}`;
// The demo-tenant server itself: its /__demo controls, and the tenant for tests that bypass
// the contract check.
export const CONTROL = process.env.API || `http://127.0.0.1:${process.env.E2E_API_PORT || 9191}`;
// The tenant address a person types: Stoplight Prism in front of the demo-tenant server when
// scripts/test runs the contract check (E2E_TENANT), else the server itself.
export let API = process.env.E2E_TENANT || CONTROL;

/** For test files whose traffic must not go through the contract check: the fault matrix
 *  (a deliberate garbled body or dropped connection is no spec defect, and Prism would turn a
 *  drop into an answer of its own) and the timing-sensitive scale runs. */
export function bypassContractCheck() {
  API = CONTROL;
}
export const CLIENT_ID = 'demo-client-0000-4000-8000-000000000001';
export const CLIENT_SECRET = 'demo-secret';
const SHOTS = new URL('./screenshots/', import.meta.url).pathname;

// The API generation this run speaks (scripts/test runs the suite once per generation).
export const GEN = process.env.E2E_API_GEN === 'classic' ? 'classic' : 'v1';
/** The paths of each API area in this run's generation, as the demo-tenant server sees them. */
export const P = GEN === 'classic'
  ? { sources: '/v3/sources', accounts: '/v3/accounts', profiles: '/beta/identity-profiles', tasks: '/beta/task-status' }
  : { sources: '/sources/v1', accounts: '/accounts/v1', profiles: '/identity-profiles/v1', tasks: '/task-status/v1' };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh page that records console errors, page errors and every request URL. */
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.errors = [];
  page.requests = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('request', (r) => page.requests.push(r.url()));
  return page;
}

/** Control calls on the demo-tenant server (reset, faults, received). */
export async function control(method, what, body) {
  const r = await fetch(`${CONTROL}/__demo/${what}`, { method, body: body ? JSON.stringify(body) : undefined });
  return r.json();
}

export async function received() {
  return control('GET', 'received');
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

/** Connects through the form with a PAT against the demo-tenant server, on this run's API
 *  paths (`paths: ''` leaves the choice to the tenant); `keepToken` ticks "stay signed in in
 *  this tab". */
export async function connectWithPat(page, secret = CLIENT_SECRET, { remember = false, readOnly = false, paths = GEN, keepToken = false } = {}) {
  await page.goto(`${APP}/connect`);
  await page.getByLabel('API paths', { exact: true }).selectOption(paths);
  await page.getByLabel('Tenant', { exact: true }).fill(API);
  await page.getByLabel('Client id', { exact: true }).fill(CLIENT_ID);
  await page.getByLabel('Client secret', { exact: true }).fill(secret);
  if (remember) await page.getByLabel(/Remember tenant and client id/).check();
  if (readOnly) await page.getByLabel(/^Read-only: refuse every write/).check();
  if (keepToken) await page.getByLabel('Stay signed in in this tab until the token expires').check();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
}

export async function textOf(locator) {
  await locator.waitFor();
  return (await locator.textContent()) || '';
}

export { assert };

/** A token of the demo tenant's client, for reading its state straight from the server. */
export async function tenantToken() {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  return (await (await fetch(`${API}/oauth/token`, { method: 'POST', body: form })).json()).access_token;
}

/** Every account the tenant holds on a source, read straight from the demo-tenant server. */
export async function tenantAccounts(sid) {
  const tok = await tenantToken();
  const f = encodeURIComponent(`sourceId eq "${sid}"`);
  const all = [];
  for (let o = 0; ; o += 250) {
    const r = await (await fetch(`${API}${P.accounts}?limit=250&offset=${o}&filters=${f}`, { headers: { Authorization: `Bearer ${tok}` } })).json();
    all.push(...r);
    if (r.length < 250) return all;
  }
}

/** Opens a flat-file source's screen (`/sources/:id/file`) from its source page, as a person
 *  does; returns the source id. */
export async function openFlatFile(page, source = 'HR Feed (CSV)') {
  await page.getByRole('link', { name: 'Sources' }).first().click();
  await page.getByRole('table').getByRole('link', { name: source }).click();
  await page.getByRole('heading', { name: source }).waitFor();
  const sid = page.url().split('/').pop();
  await page.getByRole('link', { name: 'Import a file or aggregate' }).click();
  await page.getByRole('heading', { name: 'Import a file' }).waitFor();
  return sid;
}

/** Fills the new-source form for a flat-file source owned by Grace Hopper and opens its
 *  review, from the sources list. */
export async function reviewNewCsvSource(page, name) {
  await page.getByRole('link', { name: 'New source' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByLabel('Find an identity by name').fill('grace');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: 'Pick Grace Hopper as owner' }).click();
  await page.getByLabel('Connector', { exact: true }).selectOption({ label: 'Delimited file (CSV): sends provisionAsCsv=true' });
  await page.getByRole('button', { name: 'Review request' }).click();
}

/** Opens the new-account form on the HR feed, from any screen, and fills id and displayName. */
export async function fillNewHrAccount(page, id, displayName) {
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByLabel('Source', { exact: true }).selectOption({ label: 'HR Feed (CSV) (flat file)' });
  await page.getByText(/Fields from the source's account schema/).waitFor();
  await page.getByLabel(/^id \(STRING, required/).fill(id);
  await page.getByLabel(/^displayName \(/).fill(displayName);
}

/** Reads the tenant's identity profiles straight from the demo-tenant server. */
export async function tenantProfiles() {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  const tok = await (await fetch(`${API}/oauth/token`, { method: 'POST', body: form })).json();
  const r = await fetch(`${API}${P.profiles}?sorters=priority`, { headers: { Authorization: `Bearer ${tok.access_token}` } });
  return (await r.json()).map((p) => ({ name: p.name, priority: p.priority }));
}

/** Connects with a token that lives 2 s and waits on Activity until it is past renewal time,
 *  so the next calls meet a stale token. Call `control('POST', 'config', { token_ttl_s: 749 })`
 *  afterwards. */
export async function connectWithStaleToken(page) {
  await control('POST', 'config', { token_ttl_s: 2 });
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.waitForTimeout(2100);
  await control('DELETE', 'received');
}

/** Opens Activity from the top bar and waits for its log (a screen of the second wasm,
 *  loaded on first use) to show its rows. */
export async function openActivity(page) {
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.locator('table.calls-log > tbody > tr:not(.detail)').first().waitFor();
}

/** Opens the demo tenant at `/` and waits for its 12 seed sources. */
export async function openDemo(page) {
  await page.goto(`${APP}/`);
  await page.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
}

/** Waits until keyboard focus is on the element with `id` (focus moves after the render). */
export async function focusIs(page, id) {
  await page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 5000 })
    .catch(async () => {
      const at = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
      assert.fail(`focus is on ${at}, not on #${id}`);
    });
}

/** Creates a flat-file source with the form (from the sources list) and lands on its page. */
export async function createSource(page, name) {
  await reviewNewCsvSource(page, name);
  await page.getByRole('button', { name: 'Create source' }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical axe-core findings on the page as it is now, one line each. */
export async function axeFindings(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 3).map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`));
}
