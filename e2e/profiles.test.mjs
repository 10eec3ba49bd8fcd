// Identity profiles: reorder by keyboard and drag, apply the fewest calls, undo after a failure.
import { test, before, after, beforeEach } from 'node:test';
import { launch, newPage, control, received, shot, connectWithPat, textOf, tenantProfiles, assert, APP, P, openActivity } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });

async function openProfiles(page) {
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: 'Identity profiles' }).click();
  await page.getByRole('listitem', { name: /^Employees, priority 10$/ }).waitFor();
  await control('DELETE', 'received');
}

const patches = async () => (await received()).filter((c) => c.method === 'PATCH');

test('swap the top two by keyboard and apply: exactly the planned calls, none refused', async () => {
  const page = await newPage(browser);
  await openProfiles(page);
  const before = await tenantProfiles();
  await page.getByRole('listitem', { name: /^Employees,/ }).focus();
  await page.keyboard.press('Alt+ArrowDown');
  assert.equal(await textOf(page.locator('#move-announcer')), 'Moved Employees to position 2 of 6');
  // focus stays on the moved row, so a second press keeps moving it
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Employees, priority 10');
  const plan = page.getByRole('list', { name: 'Planned calls' });
  const calls = await plan.getByRole('listitem').allTextContents();
  assert.equal(calls.length, 1, calls.join(' | '));
  assert.match(await page.getByRole('main').textContent(), /1 update call, the fewest possible: 5 of 6 profiles keep their priority\./);
  await shot(page, '10-profiles-plan');
  await page.getByRole('button', { name: 'Apply…' }).click();
  await page.getByRole('button', { name: 'Apply now' }).click();
  await page.getByText('Done. Read back from the tenant: its order is the wanted one.').waitFor();
  // The run's progress takes the focus, so a keyboard or screen-reader user hears it.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'run-status');
  const sent = await patches();
  assert.equal(sent.length, 1);
  assert.ok(sent.every((c) => c.status === 200 && c.content_type === 'application/json-patch+json'));
  const after = await tenantProfiles();
  assert.deepEqual(after.map((p) => p.name), [before[1].name, before[0].name, ...before.slice(2).map((p) => p.name)]);
  // Activity shows the same single PATCH
  await openActivity(page);
  assert.equal(await page.getByRole('cell', { name: 'PATCH', exact: true }).count(), 1);
  assert.deepEqual(page.errors, []);
});

test('move the last profile to the top by drag and drop', async () => {
  const page = await newPage(browser);
  await openProfiles(page);
  await page.getByRole('listitem', { name: /^Service Accounts,/ }).dragTo(page.getByRole('listitem', { name: /^Employees,/ }));
  assert.equal(await textOf(page.locator('#move-announcer')), 'Moved Service Accounts to position 1 of 6');
  const first = page.getByRole('list', { name: /Identity profiles by priority/ }).getByRole('listitem').first();
  assert.match(await first.getAttribute('aria-label'), /^Service Accounts,/);
  const calls = await page.getByRole('list', { name: 'Planned calls' }).getByRole('listitem').allTextContents();
  assert.equal(calls.length, 1);
  assert.match(calls[0], /Service Accounts: 80 → \d+/);
  await page.getByRole('button', { name: 'Apply…' }).click();
  await page.getByRole('button', { name: 'Apply now' }).click();
  await page.getByText(/its order is the wanted one/).waitFor();
  assert.equal((await tenantProfiles())[0].name, 'Service Accounts');
});

test('a failure on the second call stops the apply, and Undo restores the original priorities', async () => {
  const page = await newPage(browser);
  await openProfiles(page);
  const original = await tenantProfiles();
  const list = page.getByRole('list', { name: /Identity profiles by priority/ });
  await list.getByRole('listitem', { name: /^Service Accounts,/ }).dragTo(list.getByRole('listitem', { name: /^Employees,/ }));
  await page.getByRole('button', { name: 'Move Cloud Guests up' }).click();
  await page.getByRole('button', { name: 'Move Cloud Guests up' }).click();
  await page.getByRole('button', { name: 'Move Cloud Guests up' }).click();
  await page.getByRole('button', { name: 'Move Cloud Guests up' }).click();
  const calls = await page.getByRole('list', { name: 'Planned calls' }).getByRole('listitem').allTextContents();
  assert.equal(calls.length, 2, calls.join(' | '));
  await control('POST', 'faults', [{ kind: 'status', status: 500, method: 'PATCH', path_prefix: P.profiles, skip: 1, times: 1 }]);
  await page.getByRole('button', { name: 'Apply…' }).click();
  await page.getByRole('button', { name: 'Apply now' }).click();
  const alert = await textOf(page.getByRole('alert').filter({ hasText: 'Tracking id' }));
  assert.match(alert, /failed on PATCH/);
  await page.getByText('Apply: 1 of 2 calls landed').waitFor();
  await shot(page, '11-profiles-failed-apply');
  // the failed PATCH was not repeated
  assert.equal((await patches()).length, 2);
  await page.getByRole('button', { name: 'Undo the changes made' }).click();
  await page.getByText('Undo: 1 of 1 calls landed').waitFor();
  assert.deepEqual(await tenantProfiles(), original);
  await shot(page, '12-profiles-undone');
});
