// Accounts: schema-generated create with task following, validation that sends nothing,
// the warning for direct-connect sources, PUT edit, disable/enable, delete on a flat file.
import { test, before, after, beforeEach } from 'node:test';
import { launch, newPage, control, received, shot, connectWithPat, textOf, assert, APP, P, openActivity } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); });

async function openAccounts(page) {
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor();
}

/** Picks a source in the list and waits until every row shows it (the old rows stay while loading). */
async function pickSource(page, label) {
  await page.getByLabel('Source', { exact: true }).selectOption({ label });
  for (let i = 0; i < 100; i++) {
    const cells = await page.locator('table.grid tbody tr td:nth-child(3)').allTextContents();
    if (cells.length > 0 && cells.every((c) => c === label)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`the list never showed only ${label}`);
}

/** Waits until the account's status line matches (it updates when the reload after a task lands). */
async function statusLineMatches(page, re) {
  for (let i = 0; i < 100; i++) {
    const t = (await page.locator('.status-line').textContent().catch(() => '')) || '';
    if (re.test(t)) return t;
    await page.waitForTimeout(100);
  }
  throw new Error(`status line never matched ${re}`);
}

async function newAccountOn(page, sourceLabel) {
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByLabel('Source', { exact: true }).selectOption({ label: sourceLabel });
  await page.getByText(/Fields from the source's account schema/).waitFor();
}

test('create an account on the flat-file source, watch its task finish, open the account', async () => {
  const page = await newPage(browser);
  await openAccounts(page);
  await pickSource(page, 'HR Feed (CSV)');
  await shot(page, '30-accounts-list');
  await newAccountOn(page, 'HR Feed (CSV) (flat file)');
  assert.equal(await page.getByRole('note', { name: 'This source is not a flat file' }).count(), 0);
  // The trap, told right on a flat file: an ISC account only, and the file stays the truth.
  const flatNote = page.getByRole('note', { name: 'What the create call does on a flat file' });
  assert.match(await textOf(flatNote), /makes an account in ISC only: no provisioning.*next aggregation of a file that lacks this account removes it/s);
  assert.match(await flatNote.getByRole('link', { name: 'Export the accounts as CSV' }).getAttribute('href'), /\/sources\/[0-9a-f]{32}\/file\?export=1$/);
  await page.getByLabel(/^id \(STRING, required/).fill('grace.new');
  await page.getByLabel(/^displayName \(/).fill('Grace New');
  await page.getByLabel(/^employeeNumber \(INT/).fill('1234');
  await page.getByLabel(/^active \(BOOLEAN/).selectOption('true');
  await page.getByLabel(/^groups \(STRING.*multi-valued/).fill('eng-users\nall-staff');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText(/task [0-9a-f]{32} is running/).waitFor();
  await page.getByRole('heading', { name: 'Grace New', level: 1 }).waitFor({ timeout: 15000 });
  const main = await page.getByRole('main').textContent();
  assert.match(main, /grace\.new/);
  assert.match(main, /eng-users, all-staff/);
  assert.match(main, /Entitlements \(2\)/);
  const posts = (await received()).filter((c) => c.method === 'POST' && c.path === P.accounts);
  assert.equal(posts.length, 1);
  await page.getByRole('link', { name: 'Tasks' }).click();
  const task = await textOf(page.getByRole('list', { name: 'Tasks started in this tab' }).getByRole('listitem').first());
  assert.match(task, /Create account grace\.new — SUCCESS/);
  await shot(page, '31-tasks-panel');
  // Activity links to the task
  await page.getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('link', { name: /^[0-9a-f]{32}$/ }).first().waitFor();
});

test('the form refuses a wrong INT and a missing identity attribute without sending', async () => {
  const page = await newPage(browser);
  await openAccounts(page);
  await newAccountOn(page, 'HR Feed (CSV) (flat file)');
  await page.getByLabel(/^employeeNumber \(INT/).fill('12a');
  await page.getByLabel(/^startDate \(DATE/).fill('05/01/2024');
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Create account' }).click();
  assert.equal(await page.getByLabel(/^employeeNumber \(INT/).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel(/^id \(STRING, required/).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel(/^startDate \(DATE/).getAttribute('aria-invalid'), 'true');
  const text = await page.getByRole('main').textContent();
  assert.match(text, /employeeNumber is an INT/);
  assert.match(text, /id is the source's identity attribute/);
  assert.match(text, /nothing was sent/);
  await shot(page, '32-account-form-errors');
  assert.equal((await received()).filter((c) => c.method === 'POST').length, 0);
  // a pasted legacy numeric source id is explained, not used
  await page.getByLabel('…or paste a source id').fill('190100');
  await page.getByRole('button', { name: 'Use this id' }).click();
  assert.match(await textOf(page.locator('#acc-source-id-err')), /old numeric source id/);
});

test('the warning appears for a direct-connect source and must be acknowledged', async () => {
  const page = await newPage(browser);
  await openAccounts(page);
  await newAccountOn(page, 'Active Directory');
  const note = page.getByRole('note', { name: 'This source is not a flat file' });
  assert.match(await textOf(note), /makes an account in ISC only: it does not create it in the target system.*next aggregation from the system removes it unless the system has it too/s);
  assert.doesNotMatch(await textOf(note), /Only flat-file/);
  await page.getByLabel(/^sAMAccountName \(STRING, required/).fill('jdoe');
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByText('Tick the box under the warning first').waitFor();
  assert.equal((await received()).filter((c) => c.method === 'POST').length, 0);
  await shot(page, '33-account-warning');
  await page.getByLabel('I understand; record it in ISC anyway').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'jdoe', level: 1 }).waitFor({ timeout: 15000 });
});

test('edit an attribute: exactly one PUT with a JSON body; then disable, enable and delete', async () => {
  const page = await newPage(browser);
  await openAccounts(page);
  await pickSource(page, 'Contractors (CSV)');
  const first = page.getByRole('table').getByRole('link').first();
  const name = (await first.textContent()).trim();
  await first.click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Edit attributes' }).click();
  await page.getByLabel(/^department \(/).fill('Legal');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(/Update: task [0-9a-f]{32} finished: SUCCESS/).waitFor({ timeout: 15000 });
  await page.getByRole('cell', { name: 'Legal' }).waitFor();
  await shot(page, '34-account-detail');
  const writes = (await received()).filter((c) => ['PUT', 'PATCH', 'POST', 'DELETE'].includes(c.method));
  assert.deepEqual(writes.map((c) => `${c.method} ${c.content_type}`), ['PUT application/json']);
  const acct = page.url();
  await openActivity(page);
  assert.equal(await page.getByRole('cell', { name: 'PUT', exact: true }).count(), 1);
  assert.equal(await page.getByRole('cell', { name: 'PATCH', exact: true }).count(), 0);
  await page.goBack();
  await page.waitForURL(acct);
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  // disable then enable
  await page.getByRole('button', { name: 'Disable' }).click();
  await page.getByText(/Disable: task [0-9a-f]{32} finished: SUCCESS/).waitFor({ timeout: 15000 });
  await statusLineMatches(page, /^disabled/);
  await page.getByRole('button', { name: 'Enable' }).click();
  await page.getByText(/Enable: task [0-9a-f]{32} finished: SUCCESS/).waitFor({ timeout: 15000 });
  await statusLineMatches(page, /^enabled/);
  // delete, confirmed by typing the name
  await page.getByRole('button', { name: 'Delete…' }).click();
  const del = page.getByRole('button', { name: 'Delete account' });
  assert.equal(await del.isDisabled(), true);
  await page.getByLabel('Account name').fill(name);
  await del.click();
  await page.getByRole('status').filter({ hasText: /^\d+ accounts$/ }).waitFor({ timeout: 15000 });
  const deletes = (await received()).filter((c) => c.method === 'DELETE');
  assert.equal(deletes.length, 1);
  assert.equal(deletes[0].status, 202);
});

test('delete is not offered on a direct-connect source, and says why', async () => {
  const page = await newPage(browser);
  await openAccounts(page);
  await pickSource(page, 'Active Directory');
  await page.getByRole('table').getByRole('link').first().click();
  await page.getByRole('group', { name: 'Account actions' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Delete…' }).count(), 0);
  assert.match(await page.getByRole('main').textContent(), /Delete is offered only on flat-file/);
  assert.equal(await page.getByRole('button', { name: 'Edit attributes' }).isDisabled(), true);
});

test('correlate an account to an identity picked by name: one JSON Patch', async () => {
  const page = await newPage(browser);
  await openAccounts(page);
  await page.getByLabel('Correlation').selectOption('true');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/uncorrelated=true/);
  for (let i = 0; i < 100; i++) {
    const st = await page.locator('table.grid tbody tr td:nth-child(5)').allTextContents();
    if (st.length && st.every((x) => /uncorrelated/.test(x))) break;
    await page.waitForTimeout(100);
  }
  await page.getByRole('table').getByRole('link').first().click();
  await page.getByRole('group', { name: 'Account actions' }).waitFor();
  assert.match(await textOf(page.locator('.status-line')), /uncorrelated/);
  await page.getByLabel('Find an identity by name').fill('ada');
  await page.getByRole('button', { name: 'Search identities' }).click();
  await page.getByRole('button', { name: 'Pick Ada Lovelace' }).click();
  await control('DELETE', 'received');
  await page.getByRole('button', { name: 'Correlate' }).click();
  await page.getByText(/Correlate: task [0-9a-f]{32} finished: SUCCESS/).waitFor({ timeout: 15000 });
  const writes = (await received()).filter((c) => c.method !== 'GET');
  assert.deepEqual(writes.map((c) => `${c.method} ${c.content_type}`), ['PATCH application/json-patch+json']);
  await statusLineMatches(page, /manually correlated/);
});

test('on the in-page demo tenant, an account action runs as a task and completes', async () => {
  const page = await newPage(browser);
  await page.goto(`${APP}/`);
  await page.getByRole('status').filter({ hasText: /^12 sources$/ }).waitFor();
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await pickSource(page, 'Badge Access (CSV)');
  await page.getByRole('table').getByRole('link').first().click();
  await page.getByRole('group', { name: 'Account actions' }).waitFor();
  const before = await textOf(page.locator('.status-line'));
  const action = before.startsWith('disabled') ? 'Enable' : 'Disable';
  await page.getByRole('button', { name: action, exact: true }).click();
  await page.getByText(new RegExp(`${action}: task [0-9a-f]{32} finished: SUCCESS`)).waitFor({ timeout: 15000 });
  await statusLineMatches(page, before.startsWith('disabled') ? /^enabled/ : /^disabled/);
  const foreign = page.requests.filter((u) => !u.startsWith(APP) && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no network besides the console itself');
});
