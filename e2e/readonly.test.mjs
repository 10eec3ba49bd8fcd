// Read-only mode: on by default for tenants named …prod…, every write control off, nothing written.
import { test, before, after, beforeEach } from 'node:test';
import { launch, newPage, control, received, shot, textOf, connectWithPat, assert, APP } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); });

test('read-only follows a "prod" tenant name until set by hand', async () => {
  const page = await newPage(browser);
  await page.goto(`${APP}/connect`);
  const box = page.getByLabel(/^Read-only: refuse every write/);
  await page.getByLabel('Tenant', { exact: true }).fill('acme-prod');
  assert.equal(await box.isChecked(), true);
  await page.getByLabel('Tenant', { exact: true }).fill('acme-sandbox');
  assert.equal(await box.isChecked(), false);
  await page.getByLabel('Tenant', { exact: true }).fill('https://acmeprod.identitynow.com');
  assert.equal(await box.isChecked(), true);
});

test('in read-only mode write controls are off and nothing is written', async () => {
  const page = await newPage(browser);
  await connectWithPat(page, undefined, { readOnly: true });
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  assert.match(await page.getByRole('banner').textContent(), /Read-only/);
  // identity profiles: reorder is possible (it is only a plan), applying is not
  await page.getByRole('link', { name: 'Identity profiles' }).click();
  await page.getByRole('listitem', { name: /^Employees,/ }).focus();
  await page.keyboard.press('Alt+ArrowDown');
  assert.equal(await page.getByRole('button', { name: 'Apply…' }).isDisabled(), true);
  assert.match(await page.getByRole('main').textContent(), /Read-only mode is on/);
  await shot(page, '40-read-only-profiles');
  // an account page: every action is off
  await page.getByRole('link', { name: 'Accounts', exact: true }).click();
  await page.getByRole('table').getByRole('link').first().click();
  const actions = page.getByRole('group', { name: 'Account actions' });
  await actions.waitFor();
  for (const b of await actions.getByRole('button').all()) {
    assert.equal(await b.isDisabled(), true, await b.textContent());
  }
  // a source page: settings, schema, remove all accounts and delete are off
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.getByRole('table').getByRole('link', { name: 'Badge Access (CSV)', exact: true }).click();
  for (const name of ['Change settings…', 'Edit the schema…', 'Edit the correlation…', 'Remove all accounts…', 'Delete the source…']) {
    const b = page.getByRole('button', { name });
    await b.waitFor();
    assert.equal(await b.isDisabled(), true, name);
  }
  // the template uploads offer their proposal, and the upload is off
  await page.getByLabel('CSV file whose header names the attributes').setInputFiles({ name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from('id,name\r\n') });
  assert.equal(await page.getByRole('button', { name: 'Upload as the schema template' }).isDisabled(), true);
  await page.getByLabel('CSV file whose header names the entitlement attributes').setInputFiles({ name: 'e.csv', mimeType: 'text/csv', buffer: Buffer.from('id,name\r\n') });
  assert.equal(await page.getByRole('button', { name: 'Upload as the entitlement template' }).isDisabled(), true);
  // an entitlements file is previewed, and its load is off
  await page.getByRole('link', { name: 'Load entitlements from a file' }).click();
  await page.getByLabel('Entitlements file (CSV)').setInputFiles({ name: 'g.csv', mimeType: 'text/csv', buffer: Buffer.from('id,displayName\r\nall-staff,All staff\r\n') });
  await page.getByText(/^g\.csv: 1 entitlement, 1 held by accounts of this source/).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Load entitlements…' }).isDisabled(), true);
  // the connection page turns it off again
  await page.getByRole('link', { name: /Connected:/ }).click();
  await page.getByLabel('Read-only: refuse every write to this tenant').uncheck();
  assert.doesNotMatch(await page.getByRole('banner').textContent(), /Read-only/);
  const writes = (await received()).filter((c) => c.method !== 'GET' && c.path !== '/oauth/token');
  assert.deepEqual(writes, []);
});

test('idle sign-out clears the connection after the chosen time without input', async () => {
  const page = await newPage(browser);
  await page.clock.install();
  await connectWithPat(page);
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  await page.getByRole('link', { name: /Connected:/ }).click();
  await page.getByLabel('Sign out after inactivity').selectOption('5');
  await page.getByRole('link', { name: 'Sources', exact: true }).click();
  await page.getByRole('cell', { name: 'Workday' }).first().waitFor();
  // four minutes: still connected
  await page.clock.fastForward('04:00');
  await page.clock.fastForward('00:06');
  assert.match(await page.getByRole('banner').textContent(), /Connected:/);
  // past five minutes without input: signed out, and the page says why
  await page.clock.fastForward('01:30');
  await page.clock.fastForward('00:06');
  await page.getByText(/Signed out after 5 minutes without activity/).waitFor();
  assert.match(await page.getByRole('banner').textContent(), /Not connected/);
  await shot(page, '41-idle-signed-out');
});
