import { signature256 } from '@convis/graph-simulator';
import fc from 'fast-check';
import { createOpenApiDocument } from '../src/openapi/openapi.js';
import { addMember, registerAdmin } from './support/factories.js';
import {
  type Caller,
  describeRequest,
  type FuzzContext,
  type FuzzRequest,
  type Operation,
  operationsOf,
  requestsFor,
} from './support/openapi-fuzz.js';
import { rawRequest, type RawResponse } from './support/raw-http.js';
import { addNumber, type Simulator, simulatorEnv, startSimulator } from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { connectAccount, listen, messagesWebhook, postSigned, settle } from './support/webhooks.js';

/**
 * Every operation of the OpenAPI document, called with generated input: valid-looking values,
 * wrong types, missing and extra fields, nulls, huge and unicode-hostile strings, deep nesting,
 * bad ids, dates and queries, broken bodies, by two organizations' admins and members, by
 * nobody and with a garbage token. No answer may be a 5xx, and every 4xx has the error body.
 * Fixed seed (FUZZ_SEED to change it, FUZZ_RUNS for runs per operation); fast-check prints the
 * seed and the failing request when it fails.
 */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261207);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 250);
const GLOBAL_APP_SECRET = 'fuzz-global-app-secret';

describe('the API under generated hostile input', () => {
  let simulator: Simulator;
  let t: TestApp;
  let baseUrl: string;
  let operations: Operation[];
  let callers: Caller[];
  let context: FuzzContext;
  let sign: (path: string, body: string) => Record<string, string> | undefined;
  const statuses = new Map<number, number>();
  const classes = new Map<string, number>();
  let requests = 0;

  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(
      simulatorEnv(simulator, {
        LOGIN_THROTTLE_LIMIT: '100000',
        WHATSAPP_APP_SECRET: GLOBAL_APP_SECRET,
        WHATSAPP_WEBHOOK_VERIFY_TOKEN: 'fuzz-verify-token',
        LOG_LEVEL: 'warn',
      }),
    );
    baseUrl = await listen(t);
    operations = operationsOf(createOpenApiDocument(t.app));

    // Two organizations and two roles; records to aim at, so generated calls get past the 404s.
    const admin = await registerAdmin(t, { organization: 'Fuzz A' });
    const member = await addMember(t, admin);
    const victimUser = await addMember(t, admin);
    const otherAdmin = await registerAdmin(t, { organization: 'Fuzz B' });
    const number = addNumber(simulator);
    const account = await connectAccount(t, admin, number);
    const victimAccount = await connectAccount(t, admin, addNumber(simulator));
    const wamid = `wamid.fuzz-${Date.now()}`;
    await postSigned(
      t,
      account.callbackPath,
      messagesWebhook(number, {
        contacts: [{ profile: { name: 'Fuzzy' }, wa_id: '15550101234' }],
        messages: [
          {
            from: '15550101234',
            id: wamid,
            timestamp: String(Math.floor(Date.now() / 1000)),
            type: 'image',
            image: { id: '9876543210', mime_type: 'image/jpeg', sha256: 'abc' },
          },
        ],
      }),
      number.app_secret,
    ).expect(200);
    await settle(t);
    const inbound = await t.http
      .get('/api/whatsapp/messages?direction=in')
      .set(admin.auth)
      .expect(200);
    const message = (inbound.body as { items: { id: string; contact_id: string }[] }).items[0]!;
    const media = await t.http
      .get(`/api/whatsapp/media?message_id=${message.id}`)
      .set(admin.auth)
      .expect(200);
    const mediaId = (media.body as { id: string }[])[0]!.id;
    simulator.addTemplate({
      waba_id: number.waba_id,
      name: 'fuzz_template',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hello' }],
    });
    const templates = await t.http
      .get(`/api/whatsapp/templates?account_id=${account.id}`)
      .set(admin.auth)
      .expect(200);
    const templateId = (templates.body as { id: string }[])[0]!.id;
    // A contact of its own for /contacts/{id}: erasing it leaves the message above alone.
    await postSigned(
      t,
      account.callbackPath,
      messagesWebhook(number, {
        contacts: [{ profile: { name: 'Victim' }, wa_id: '15550109999' }],
        messages: [
          {
            from: '15550109999',
            id: `${wamid}-victim`,
            timestamp: String(Math.floor(Date.now() / 1000)),
            type: 'text',
            text: { body: 'hi' },
          },
        ],
      }),
      number.app_secret,
    ).expect(200);
    await settle(t);
    const victims = await t.http
      .get('/api/whatsapp/contacts?q=15550109999')
      .set(admin.auth)
      .expect(200);
    const victimContactId = (victims.body as { items: { id: string }[] }).items[0]!.id;
    const campaign = await t.http
      .post('/api/whatsapp/campaigns')
      .set(admin.auth)
      .send({
        name: 'Fuzz',
        account_id: account.id,
        template_name: 'fuzz_template',
        recipients: [{ to: '+15550101234' }],
      })
      .expect(201);
    const campaignId = (campaign.body as { id: string }).id;
    const recipients = await t.http
      .get(`/api/whatsapp/campaigns/${campaignId}/recipients`)
      .set(admin.auth)
      .expect(200);
    const recipientId = (recipients.body as { items: { id: string }[] }).items[0]!.id;
    const contactImport = await t.http
      .post('/api/whatsapp/contact-imports')
      .set(admin.auth)
      .attach('file', Buffer.from('Phone,Name\n+15550101234,Ada\n'), 'contacts.csv')
      .expect(201);
    const importId = (contactImport.body as { id: string }).id;

    callers = [
      { name: 'admin', headers: admin.auth },
      { name: 'admin', headers: admin.auth },
      { name: 'admin', headers: admin.auth },
      { name: 'member', headers: member.auth },
      { name: 'other organization', headers: otherAdmin.auth },
      { name: 'anonymous', headers: {} },
      { name: 'garbage token', headers: { Authorization: 'Bearer not.a.token' } },
    ];
    context = {
      knownId(name, path) {
        if (name === 'account_id') return account.id;
        if (name === 'contact_id' || name === 'contact') return message.contact_id;
        if (name === 'message_id' || name === 'reply_to') return message.id;
        if (name === 'recipient_id') return recipientId;
        if (name !== 'id') return undefined;
        if (path.startsWith('/api/users/')) return victimUser.id;
        if (path.startsWith('/api/whatsapp/accounts/')) return victimAccount.id;
        if (path.startsWith('/api/whatsapp/media/')) return mediaId;
        if (path.startsWith('/api/whatsapp/messages/')) return message.id;
        if (path.startsWith('/api/whatsapp/templates/')) return templateId;
        if (path.startsWith('/api/whatsapp/contacts/')) return victimContactId;
        if (path.startsWith('/api/whatsapp/contact-imports/')) return importId;
        if (path.startsWith('/api/whatsapp/campaigns/')) return campaignId;
        return undefined;
      },
    };
    sign = (path, body) => {
      if (!path.startsWith('/api/webhooks/')) return undefined;
      const secret = path === account.callbackPath ? number.app_secret : GLOBAL_APP_SECRET;
      return { 'x-hub-signature-256': signature256(body, secret) };
    };
  });

  afterAll(async () => {
    await t?.close();
    await simulator?.close();
    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b);
    const byClass = [...classes.entries()].sort(([, a], [, b]) => b - a);
    console.log(
      [
        `Fuzz (seed ${SEED}, ${RUNS} runs per operation): ${requests} requests over ${operations?.length ?? 0} operations`,
        `  answers by status: ${byStatus.map(([s, n]) => `${s}: ${n}`).join(', ')}`,
        `  classes of input (${byClass.length}): ${byClass.map(([c, n]) => `${c}: ${n}`).join(', ')}`,
      ].join('\n'),
    );
  });

  function check(request: FuzzRequest, response: RawResponse): void {
    requests++;
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    classes.set(request.inputClass, (classes.get(request.inputClass) ?? 0) + 1);
    const shown = {
      request: describeRequest(request),
      status: response.status,
      answer: response.text.slice(0, 300),
    };
    if (response.status >= 500) throw new Error(`5xx answer: ${JSON.stringify(shown)}`);
    if (response.status >= 400) {
      const body = response.json as Record<string, unknown> | undefined;
      const shaped =
        body !== undefined &&
        body['status_code'] === response.status &&
        typeof body['error'] === 'string' &&
        typeof body['message'] === 'string' &&
        typeof body['request_id'] === 'string' &&
        body['request_id'] === response.headers['x-request-id'];
      if (!shaped) throw new Error(`4xx without the error body: ${JSON.stringify(shown)}`);
    }
  }

  // Destructive routes last, so the others keep finding the records they aim at.
  const order = (op: Operation) => (op.method === 'delete' ? 1 : 0);

  it('answers every operation without a 5xx, and every 4xx in the error body', async () => {
    expect(operations.length).toBeGreaterThan(30);
    // Every operation is fuzzed even when one fails, so one run shows every broken route.
    const failures: string[] = [];
    for (const op of [...operations].sort((a, b) => order(a) - order(b))) {
      const outcome = await fc.check(
        fc.asyncProperty(requestsFor(op, context, callers, sign), async (request) => {
          check(request, await rawRequest(baseUrl, request));
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      const report = fc.defaultReportMessage(outcome);
      if (outcome.failed && report) failures.push(`${op.operationId}: ${report.slice(0, 2000)}`);
    }
    expect(failures).toEqual([]);
    expect(statuses.size).toBeGreaterThan(5);
  }, 300_000);
});
