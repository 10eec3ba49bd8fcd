// IdentityIQ over SCIM 2.0. With a password against the demo server (through Stoplight Prism
// and iiq-scim-subset.yaml when scripts/test runs the contract check: E2E_IIQ): read an
// application's schema, a create refused before anything is sent, the create, the account
// found in the list, the delete. The demo IdentityIQ in the page: an update of multi-valued
// values that survives a reload, and ISC screens kept out. Every IdentityIQ screen at 390 and
// 1280 px passes axe-core and is photographed.
import { test, before, after, beforeEach } from 'node:test';
import { launch, newPage, control, received, shot, textOf, assert, APP, CONTROL, GEN, axeFindings } from './helpers.mjs';

// The SCIM base a person types: Prism's root in front of the demo's /identityiq/scim/v2.
const IIQ = process.env.E2E_IIQ || `${CONTROL}/identityiq/scim/v2`;
const BASIC = `Basic ${Buffer.from('spadmin:admin').toString('base64')}`;
// IdentityIQ has one API: its tests run with the per-service suite only.
const skip = GEN === 'classic' ? 'IdentityIQ has one API; it runs with the v1 suite' : false;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { await control('POST', 'reset'); await control('DELETE', 'faults'); await control('DELETE', 'received'); });

async function openIiqForm(page) {
  await page.goto(`${APP}/connect`);
  await page.getByRole('link', { name: 'Connect to IdentityIQ instead…' }).click();
  await page.getByLabel('SCIM base URL').waitFor();
}

async function connectIiq(page, base = IIQ, password = 'admin') {
  await openIiqForm(page);
  await page.getByLabel('SCIM base URL').fill(base);
  await page.getByLabel('User name').fill('spadmin');
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Connect to IdentityIQ', exact: true }).click();
}

/** The demo server's accounts with this native identity, read with Basic auth. */
async function iiqAccounts(native) {
  const f = encodeURIComponent(`nativeIdentity eq "${native}"`);
  const r = await fetch(`${CONTROL}/identityiq/scim/v2/Accounts?filter=${f}`, { headers: { Authorization: BASIC } });
  return (await r.json()).Resources;
}

test('IdentityIQ: schema, a create refused before sending, create, find, delete', { skip }, async () => {
  const page = await newPage(browser);
  await connectIiq(page);
  await page.getByRole('heading', { name: 'Applications', level: 1 }).waitFor();
  const banner = page.getByRole('banner');
  assert.match(await banner.textContent(), /IdentityIQ: 127\.0\.0\.1/);
  assert.equal(await banner.getByRole('link', { name: 'Sources' }).count(), 0, 'ISC sections are hidden');
  await page.getByText('What this IdentityIQ server supports').click();
  assert.match(await textOf(page.locator('dl.facts').first()), /supported, at most 1000 results/);

  // the application's account schema
  await page.getByRole('link', { name: 'HR Directory', exact: true }).click();
  await page.getByRole('heading', { name: 'HR Directory', level: 1 }).waitFor();
  const schema = page.getByRole('table', { name: 'Account schema' });
  const dept = schema.getByRole('row', { name: /department/ });
  assert.match(await dept.textContent(), /required.*Engineering, Finance, IT, Sales/);
  assert.match(await schema.getByRole('row', { name: /employeeNumber/ }).textContent(), /integer.*set at create only/);

  // the form from the schema: the required department left out, nothing sent
  await page.getByRole('link', { name: 'New account' }).click();
  await page.getByRole('heading', { name: 'New account on HR Directory' }).waitFor();
  await page.getByLabel('Search identities by user name').fill('Radia');
  await page.getByRole('button', { name: 'Find identity' }).click();
  await page.getByRole('radio', { name: 'Radia Perlman (Radia.Perlman)' }).check();
  await page.getByLabel('Native identity').fill('2001');
  await page.getByLabel('Display name').fill('Radia P');
  await page.getByLabel('Password', { exact: true }).fill('S3cret-pw!');
  await page.getByLabel('employeeNumber').fill('2001');
  await page.getByRole('button', { name: 'Create account' }).click();
  assert.match(await textOf(page.locator('#attr-department-err')), /department is required by this application/);
  assert.equal(await page.getByLabel('department').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'attr-department', 'focus on the first error');
  const posts = (await received()).filter((c) => c.method === 'POST' && c.path.endsWith('/Accounts'));
  assert.deepEqual(posts, [], 'nothing was sent');
  assert.equal(await page.getByLabel('Native identity').inputValue(), '2001', 'what was typed is kept');
  await shot(page, '110-iiq-create-refused');

  // the request preview hides the password; then the create
  await page.getByLabel('department').selectOption('IT');
  await page.getByText('Request to send').click();
  const preview = await textOf(page.locator('pre code'));
  assert.match(preview, /Schema:HR Directory:account/);
  assert.doesNotMatch(preview, /S3cret-pw!/);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Radia P', level: 1 }).waitFor();
  await page.locator('#flash', { hasText: 'Account 2001 created on HR Directory' }).waitFor();
  assert.match(await page.getByRole('table', { name: 'HR Directory attributes' }).textContent(), /department\s*IT/);
  const made = await iiqAccounts('2001');
  assert.equal(made.length, 1);
  assert.equal(made[0].identity.userName, 'Radia.Perlman');
  assert.equal(made[0]['urn:ietf:params:scim:schemas:sailpoint:1.0:Application:Schema:HR Directory:account'].employeeNumber, 2001);
  const post = (await received()).find((c) => c.method === 'POST' && c.path.endsWith('/Accounts'));
  assert.equal(post.content_type, 'application/scim+json');
  await shot(page, '111-iiq-account');

  // found in the list by application and native identity
  await page.getByRole('banner').getByRole('link', { name: 'Accounts' }).click();
  await page.getByLabel('Application').selectOption({ label: 'HR Directory' });
  await page.getByLabel('Native identity is').fill('2001');
  await page.getByRole('button', { name: 'Show accounts' }).click();
  assert.match(await textOf(page.getByText(/^SCIM filter:/)), /application\.value eq ".+" and nativeIdentity eq "2001"/);
  await page.getByRole('table').getByRole('link', { name: '2001' }).click();

  // an update (PUT of the whole account): the immutable employeeNumber is kept as read
  await page.getByRole('heading', { name: 'Radia P', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Edit…' }).click();
  await page.getByLabel('title').fill('Network architect');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Changes saved').waitFor();
  await page.getByRole('table', { name: 'HR Directory attributes' }).getByText('Network architect').waitFor();
  const ext = (await iiqAccounts('2001'))[0]['urn:ietf:params:scim:schemas:sailpoint:1.0:Application:Schema:HR Directory:account'];
  assert.deepEqual([ext.title, ext.employeeNumber, ext.department], ['Network architect', 2001, 'IT']);

  // delete, confirmed
  await page.getByRole('button', { name: 'Delete…' }).click();
  assert.match(await page.getByRole('group', { name: 'Confirm delete' }).textContent(), /Delete account 2001 from HR Directory/);
  await page.getByRole('button', { name: 'Delete account' }).click();
  await page.locator('#flash', { hasText: 'Account 2001 deleted from IdentityIQ (204)' }).waitFor();
  assert.deepEqual(await iiqAccounts('2001'), []);

  // the password and the Basic header are in no Activity entry
  await page.getByRole('banner').getByRole('link', { name: 'Activity' }).click();
  await page.getByRole('heading', { name: 'Activity' }).waitFor();
  await page.getByRole('cell', { name: 'POST' }).first().waitFor();
  const log = await page.getByRole('main').textContent();
  assert.doesNotMatch(log, /S3cret-pw!|c3BhZG1pbjphZG1pbg|admin"/);
  assert.deepEqual(page.errors, []);
});

test('IdentityIQ: a refused password keeps what was typed and says why', { skip }, async () => {
  const page = await newPage(browser);
  // straight to the server: a 401 is not in the description's answers
  const base = `${CONTROL}/identityiq/scim/v2`;
  await connectIiq(page, base, 'wrong');
  assert.match(await textOf(page.getByRole('alert').filter({ hasText: /refused/ })), /IdentityIQ refused the user name or password \(401\)/);
  assert.equal(await page.getByLabel('SCIM base URL').inputValue(), base);
  assert.equal(await page.getByLabel('User name').inputValue(), 'spadmin');
  assert.match(await page.getByRole('banner').textContent(), /Not connected/);
  // a plain-http address that is not this machine is refused before anything is sent
  await page.getByLabel('SCIM base URL').fill('http://iiq.example/identityiq/scim/v2');
  await page.getByRole('button', { name: 'Connect to IdentityIQ', exact: true }).click();
  assert.match(await textOf(page.locator('#iiq-base-err')), /https/);
});

test('the demo IdentityIQ in the page: multi-valued update, reload, ISC screens kept out', { skip }, async () => {
  const page = await newPage(browser);
  await openIiqForm(page);
  await page.getByRole('button', { name: 'Use demo IdentityIQ' }).click();
  await page.getByRole('heading', { name: 'Applications', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Accounts of Corporate LDAP' }).click();
  await page.getByRole('table').getByRole('link', { name: 'cn=ada,ou=people,dc=demo' }).click();
  await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Edit…' }).click();
  const groups = page.getByLabel('memberOf');
  assert.equal(await groups.inputValue(), 'cn=engineering,ou=groups,dc=demo\ncn=vpn,ou=groups,dc=demo');
  await groups.fill('cn=engineering,ou=groups,dc=demo\ncn=wiki,ou=groups,dc=demo');
  await page.getByLabel('objectClass').fill('inetOrgPerson\nalien');
  await page.getByRole('button', { name: 'Save changes' }).click();
  assert.match(await textOf(page.locator('#attr-objectClass-err')), /“alien” is not one of the values objectClass allows/);
  await page.getByLabel('objectClass').fill('inetOrgPerson\ntop');
  await page.getByRole('button', { name: 'Save changes' }).click();
  assert.match(await textOf(page.getByText('Changes saved')), /IdentityIQ answered 200/);
  const attrs = page.getByRole('table', { name: 'Corporate LDAP attributes' });
  await attrs.getByText(/cn=wiki/).waitFor();
  assert.doesNotMatch(await attrs.textContent(), /cn=vpn/);
  // disable: a PUT with active turned, the page reads the account again
  await page.getByRole('button', { name: 'Disable' }).click();
  assert.match(await textOf(page.getByText('Account disabled')), /IdentityIQ answered 200/);
  await page.getByRole('button', { name: 'Enable' }).waitFor();
  assert.match(await page.locator('dl.facts').textContent(), /Active\s*no/);
  // a reload keeps the demo and its data
  await page.reload();
  await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
  await page.getByRole('table', { name: 'Corporate LDAP attributes' }).getByText(/cn=wiki/).waitFor();
  // an ISC screen says it is elsewhere
  await page.evaluate(() => { history.pushState(null, '', '/sources'); dispatchEvent(new PopStateEvent('popstate')); });
  assert.match(await textOf(page.getByRole('main')), /This screen is for an ISC tenant, and the console is connected to IdentityIQ/);
  assert.deepEqual(page.requests.filter((u) => !u.startsWith(APP)), [], 'no network beyond the page');
  assert.deepEqual(page.errors, []);
});

test('every IdentityIQ screen fits and passes axe-core at 390 and 1280 px', { skip }, async () => {
  const problems = [];
  for (const [width, height] of [[390, 844], [1280, 860]]) {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await openIiqForm(page);
    await page.getByRole('button', { name: 'Use demo IdentityIQ' }).click();
    await page.getByRole('heading', { name: 'Applications', level: 1 }).waitFor();
    const app = await page.getByRole('link', { name: 'HR Directory', exact: true }).getAttribute('href');
    await page.getByRole('link', { name: 'Accounts of HR Directory' }).click();
    await page.getByRole('table').getByRole('link').first().waitFor();
    const account = await page.getByRole('table').getByRole('link').first().getAttribute('href');
    const routes = [['applications', '/iiq/applications'], ['application', app], ['new-account', `${app}/new`],
      ['accounts', '/iiq/accounts'], ['account', account], ['connection', '/connect']];
    for (const [name, route] of routes) {
      await page.evaluate((r) => { history.pushState(null, '', r); dispatchEvent(new PopStateEvent('popstate')); }, route);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForFunction(() => !document.body.textContent.includes('Reading '));
      await page.waitForTimeout(150);
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (over > 0) problems.push(`${route} at ${width}: ${over} px wider than the window`);
      for (const f of await axeFindings(page)) problems.push(`${route} at ${width}: ${f}`);
      await shot(page, `112-iiq-${name}-${width}`);
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});
