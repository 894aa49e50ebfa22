import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { type ConnectedAccount, connectAccount, listen, settle } from './support/webhooks.js';

const QUIRKS = fileURLToPath(new URL('./fixtures/contacts-quirks.csv', import.meta.url));

/** The report of test/fixtures/contacts-quirks.csv read with its Phone column. */
const QUIRKS_PROBLEMS = [
  { line: 4, reason: 'duplicate of line 2 (+15550101234)' },
  { line: 5, reason: 'no country code (write it as +<country code> <number>): 555-010-9999' },
  { line: 7, reason: 'the phone number is empty' },
  { line: 8, reason: 'not a phone number (only digits, + and separators): not a number' },
];

describe('contacts CSV import and export', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let member: SignedInUser;
  let other: SignedInUser;
  let number: SimulatedNumber;
  let account: ConnectedAccount;

  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator));
    const baseUrl = await listen(t);
    admin = await registerAdmin(t, { organization: 'Import Org' });
    member = await addMember(t, admin);
    other = await registerAdmin(t, { organization: 'Other Org' });
    number = addNumber(simulator);
    account = await connectAccount(t, admin, number);
    simulator.updateAccount(number.phone_number_id, {
      webhook_url: `${baseUrl}${account.callbackPath}`,
    });
    // Alice wrote in already, and asked to stop.
    simulator.inbound({
      phone_number_id: number.phone_number_id,
      from: '15550101234',
      profile_name: 'Alice L',
      type: 'text',
      text: { body: 'STOP' },
    });
    await simulator.idle();
    await settle(t);
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  const upload = (user: SignedInUser, path = QUIRKS) =>
    t.http.post('/api/whatsapp/contact-imports').set(user.auth).attach('file', path);
  const mapping = () => ({
    account_id: account.id,
    phone_column: 'Phone',
    name_column: 'Name',
    tags_column: 'Tags',
    attribute_columns: { City: 'city' },
  });
  const uploadsOf = (user: SignedInUser) => {
    const folder = join(t.config.dataDir, 'imports', user.organizationId);
    return existsSync(folder) ? readdirSync(folder) : [];
  };

  it('imports a file of real-world quirks: upload, mapping, per-line report, then import', async () => {
    const uploaded = await upload(member).expect(201);
    expect(uploaded.body).toEqual({
      id: expect.any(String),
      filename: 'contacts-quirks.csv',
      delimiter: ';',
      columns: ['Phone', 'Name', 'Tags', 'City'],
      sample: [
        ['+1 555 010 1234', 'Alice Liddell', 'vip, lead', 'Lisbon'],
        ["'+44 7700 900123", 'Hopper; Grace', 'a, b', 'Porto, PT'],
        ['15550101234', 'Alice again', '', ''],
        ['555-010-9999', 'No Country', '', ''],
        ['+1 555 010 1235', 'Quote "Q" Person', '', ''],
      ],
      row_count: 10,
      suggested_phone_column: 'Phone',
      suggested_name_column: 'Name',
      suggested_tags_column: 'Tags',
    });
    const id: string = uploaded.body.id;

    // The report comes before anything is written.
    const checked = await t.http
      .post(`/api/whatsapp/contact-imports/${id}/check`)
      .set(member.auth)
      .send(mapping())
      .expect(200);
    expect(checked.body).toEqual({
      import_id: id,
      row_count: 10,
      valid_count: 6,
      invalid_count: 3,
      duplicate_count: 1,
      new_count: 5,
      existing_count: 1,
      problems: QUIRKS_PROBLEMS,
    });
    const before = await t.http.get('/api/whatsapp/contacts').set(member.auth).expect(200);
    expect(before.body.items).toHaveLength(1);

    const imported = await t.http
      .post(`/api/whatsapp/contact-imports/${id}/contacts`)
      .set(member.auth)
      .send({
        ...mapping(),
        mode: 'create_or_update',
        tags: ['spring fair'],
        opt_in_source: 'Paper form at the spring fair: "Send me offers on WhatsApp"',
      })
      .expect(201);
    expect(imported.body).toMatchObject({
      valid_count: 6,
      created_count: 5,
      updated_count: 1,
      skipped_count: 0,
      opted_in_count: 5,
      // Alice said STOP: an import does not opt her back in.
      kept_opted_out_count: 1,
      problems: QUIRKS_PROBLEMS,
    });
    // The upload is gone once imported.
    expect(uploadsOf(member)).toEqual([]);

    const grace = await t.http
      .get('/api/whatsapp/contacts')
      .query({ q: '+44 7700 900123' })
      .set(member.auth)
      .expect(200);
    expect(grace.body.items[0]).toMatchObject({
      phone_number: '+447700900123',
      name: 'Hopper; Grace',
      tags: ['a', 'b', 'spring fair'],
      attributes: { city: 'Porto, PT' },
      consent_state: 'opted_in',
    });
    const detail = await t.http
      .get(`/api/whatsapp/contacts/${grace.body.items[0].id}`)
      .set(member.auth)
      .expect(200);
    expect(detail.body.consent_history).toEqual([
      expect.objectContaining({
        state: 'opted_in',
        source: 'import',
        detail: 'Paper form at the spring fair: "Send me offers on WhatsApp"',
      }),
    ]);
    const alice = await t.http
      .get('/api/whatsapp/contacts')
      .query({ q: '5550101234' })
      .set(member.auth)
      .expect(200);
    expect(alice.body.items[0]).toMatchObject({
      name: 'Alice Liddell',
      profile_name: 'Alice L',
      consent_state: 'opted_out',
      tags: expect.arrayContaining(['vip', 'lead', 'spring fair']),
    });
  });

  it('create_only leaves existing contacts as they are', async () => {
    const id = (await upload(admin).expect(201)).body.id;
    const imported = await t.http
      .post(`/api/whatsapp/contact-imports/${id}/contacts`)
      .set(admin.auth)
      .send({ ...mapping(), name_column: undefined, tags: ['second'] })
      .expect(201);
    expect(imported.body).toMatchObject({ created_count: 0, updated_count: 0, skipped_count: 6 });
    const tagged = await t.http
      .get('/api/whatsapp/contacts')
      .query({ tag: 'second' })
      .set(admin.auth)
      .expect(200);
    expect(tagged.body.items).toEqual([]);
  });

  it('refuses a mapping that names a missing column, and keeps uploads to their organization', async () => {
    const id = (await upload(admin).expect(201)).body.id;
    const bad = await t.http
      .post(`/api/whatsapp/contact-imports/${id}/check`)
      .set(admin.auth)
      .send({ ...mapping(), phone_column: 'Mobile' })
      .expect(400);
    expect(bad.body.details).toEqual([
      { field: 'mapping', messages: ['The file has no column "Mobile".'] },
    ]);
    await t.http
      .post(`/api/whatsapp/contact-imports/${id}/check`)
      .set(other.auth)
      .send(mapping())
      .expect(404);
    await t.http.delete(`/api/whatsapp/contact-imports/${id}`).set(other.auth).expect(404);
    await t.http.delete(`/api/whatsapp/contact-imports/${id}`).set(admin.auth).expect(204);
    await t.http
      .post(`/api/whatsapp/contact-imports/${id}/check`)
      .set(admin.auth)
      .send(mapping())
      .expect(404);
    expect(uploadsOf(admin)).toEqual([]);
  });

  it('refuses a request without a file', async () => {
    const response = await t.http
      .post('/api/whatsapp/contact-imports')
      .set(admin.auth)
      .field('note', 'no file')
      .expect(400);
    expect(response.body.details[0].field).toBe('file');
  });

  it('exports the contacts as CSV that imports back', async () => {
    const response = await t.http
      .get('/api/whatsapp/contacts/export')
      .query({ consent_state: 'opted_in' })
      .set(member.auth)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="contacts.csv"');
    const lines = (response.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'phone_number,name,profile_name,username,user_id,tags,consent_state,consent_changed_at,last_inbound_at,created_at,city',
    );
    // Alice opted out: not in this export. Quoted cells keep their commas and quotes.
    expect(lines.some((line) => line.startsWith('+15550101234'))).toBe(false);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\+447700900123,Hopper; Grace,.*"a, b, spring fair",opted_in,.*"Porto, PT"$/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^\+15550101235,"Quote ""Q"" Person",/));
    // Five opted-in contacts (one has a quoted line break in its name, so count the numbers).
    expect(lines.filter((line) => line.startsWith('+'))).toHaveLength(5);
  });
});
