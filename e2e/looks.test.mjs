// Every route at phone and desktop size, on the demo tenant and with a PAT: no horizontal
// page overflow, no serious or critical axe-core violation, and a screenshot of each to look at.
import { test, before, after, beforeEach } from 'node:test';
import { launch, control, connectWithPat, shot, assert, APP, axeFindings } from './helpers.mjs';

const SIZES = [[390, 844], [1280, 860]];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });

/** Moves in page, as a person does (a full load would sign a PAT tab out). */
async function go(page, route) {
  await page.evaluate((r) => { history.pushState(null, '', r); dispatchEvent(new PopStateEvent('popstate')); }, route);
}

/** The routes of the console, with the ids of one source, account and identity found on the way. */
async function routes(page) {
  await go(page, '/sources');
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  const source = await page.getByRole('table').getByRole('link', { name: 'Workday' }).first().getAttribute('href');
  await go(page, `/accounts?source=${source.split('/').pop()}`);
  await page.getByRole('table').getByRole('link').first().waitFor();
  const account = await page.getByRole('table').locator('td:first-child a').first().getAttribute('href');
  const identity = await page.getByRole('table').locator('a[href^="/identities/"]').first().getAttribute('href');
  // An aggregation, so Tasks has a row and a task page to show.
  await go(page, `${source}/file`);
  await page.getByRole('button', { name: 'Aggregate now…' }).click();
  await page.getByRole('group', { name: 'Confirm aggregation' }).getByRole('button', { name: 'Aggregate', exact: true }).click();
  const task = await page.getByRole('link', { name: "Open the aggregation's task" }).getAttribute('href');
  await page.getByText(/The aggregation of Workday completed/).waitFor({ timeout: 20_000 });
  return ['/connect', '/sources', '/sources/new', source, `${source}/file`, '/accounts', '/accounts?view=all', '/accounts/new', account,
    identity, '/identity-profiles', '/tasks', task, '/activity', '/nowhere'];
}

/** Waits for the page to settle: its heading shown and no call in flight. */
async function settled(page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(150);
}

for (const mode of ['demo', 'pat']) {
  test(`every route fits and passes axe-core at 390 and 1280 px (${mode})`, async () => {
    const problems = [];
    for (const [width, height] of SIZES) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') page.errors.push(`console at ${page.url()}: ${m.text()}`); });
      if (mode === 'pat') await connectWithPat(page);
      else await page.goto(`${APP}/`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      // A few calls in Activity and Tasks, so those screens have rows.
      const list = await routes(page);
      // The check itself finds a planted low-contrast line, so an empty result means something.
      await page.evaluate(() => { const p = document.createElement('p'); p.id = 'probe'; p.textContent = 'faint'; p.style.cssText = 'color:#ddd;background:#fff'; document.querySelector('main').append(p); });
      assert.ok((await axeFindings(page)).some((f) => f.startsWith('color-contrast')), 'axe-core runs and sees contrast');
      await page.evaluate(() => document.getElementById('probe').remove());
      for (const route of list) {
        await go(page, route);
        await settled(page);
        const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
        if (scroll > inner) problems.push(`${mode} ${width}px ${route}: the page is ${scroll} px wide`);
        for (const f of await axeFindings(page)) problems.push(`${mode} ${width}px ${route}: ${f}`);
        const name = route.replace(/[/?=]+/g, '-').replace(/-[0-9a-f]{32}/g, '-id').replace(/^-|-$/g, '') || 'home';
        await shot(page, `90-${mode}-${width}-${name}`);
      }
      assert.deepEqual(page.errors, []);
      await context.close();
    }
    assert.deepEqual(problems, []);
  });
}

test('on a phone the sections fold behind Menu: keyboard opens it, a section closes it, Escape returns focus', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${APP}/`);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  const menu = page.getByRole('button', { name: 'Menu' });
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByRole('link', { name: 'Accounts', exact: true }).count(), 0, 'folded away');
  await menu.focus();
  await page.keyboard.press('Enter');
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  await page.getByRole('link', { name: 'Demo tenant' }).waitFor();
  await shot(page, '91-phone-menu-open');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Accounts');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
  assert.equal(await menu.getAttribute('aria-expanded'), 'false', 'choosing a section closes the menu');
  await menu.click();
  await page.keyboard.press('Escape');
  assert.equal(await menu.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'menu-button');
  // On a desktop there is no Menu button: the sections are in the bar.
  await page.setViewportSize({ width: 1280, height: 860 });
  assert.equal(await page.getByRole('button', { name: 'Menu' }).count(), 0);
  await page.getByRole('link', { name: 'Accounts', exact: true }).waitFor();
  await context.close();
});

test('Activity filters by method, status class and text, and a row opens its request and answer', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await go(page, '/sources/nope');
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await go(page, '/activity');
  await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
  const rows = () => page.locator('table.calls-log > tbody > tr:not(.detail)');
  // The screen loads on first use (the second wasm).
  await page.getByRole('button', { name: 'Export as JSON' }).waitFor();
  await rows().first().waitFor();
  const all = await rows().count();
  assert.ok(all >= 3, `${all} calls`);
  await page.getByLabel('Method').selectOption('POST');
  assert.deepEqual(await page.locator('table.calls-log > tbody > tr:not(.detail) > td:nth-child(3)').allTextContents(), ['POST']);
  await page.getByLabel('Method').selectOption('');
  await page.getByLabel('Status').selectOption('4xx');
  const refused = await page.locator('table.calls-log > tbody > tr:not(.detail) > td:nth-child(4)').allTextContents();
  assert.ok(refused.length >= 1 && refused.every((p) => p.includes('/nope')), refused.join(' | '));
  await page.getByLabel('Status').selectOption('');
  await page.getByLabel('Find').fill('oauth');
  assert.equal(await rows().count(), 1);
  await page.getByRole('status').filter({ hasText: `1 of ${all} calls match` }).waitFor();
  // The token call's answer is never kept; a list call's answer is shown, its first KB.
  await page.getByRole('button', { name: /^Details of call \d+$/ }).click();
  const detail = page.locator('tr.detail:not([hidden])');
  assert.match(await detail.textContent(), /never kept/);
  assert.ok(!(await detail.textContent()).includes('access_token'));
  await page.getByLabel('Find').fill('');
  const sourcesCall = page.locator('table.calls-log > tbody', { hasText: /sources(\/v1)?\?\S*limit=250/ }).first();
  await sourcesCall.getByRole('button', { name: /^Details of call/ }).click();
  assert.equal(await sourcesCall.getByRole('button', { name: /^Details of call/ }).getAttribute('aria-expanded'), 'true');
  assert.match(await sourcesCall.locator('pre.answer').textContent(), /Workday/);
  // The visible label is in the accessible name.
  assert.match(await sourcesCall.getByRole('button', { name: /Copy curl for call \d+/ }).textContent(), /Copy curl/);
  // Rows without an error keep an empty Error cell under its heading.
  assert.equal(await sourcesCall.locator('tr:first-child > td').count(), 9);
  await shot(page, '92-activity-detail');
  await page.context().close();
});

test('from 360 to 1920 px no route is wider than the window, and the dark scheme passes axe-core too', async () => {
  const problems = [];
  for (const [width, height, colorScheme] of [[360, 740, 'light'], [1920, 1080, 'light'], [390, 844, 'dark'], [1280, 860, 'dark']]) {
    const context = await browser.newContext({ viewport: { width, height }, colorScheme });
    const page = await context.newPage();
    await page.goto(`${APP}/`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    for (const route of await routes(page)) {
      await go(page, route);
      await settled(page);
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
      if (scroll > inner) problems.push(`${colorScheme} ${width}px ${route}: the page is ${scroll} px wide`);
      if (colorScheme === 'dark') {
        for (const f of await axeFindings(page)) problems.push(`dark ${width}px ${route}: ${f}`);
        if (width === 1280) await shot(page, `93-dark-${route.replace(/[/?=]+/g, '-').replace(/-[0-9a-f]{32}/g, '-id').replace(/^-|-$/g, '')}`);
      }
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});
