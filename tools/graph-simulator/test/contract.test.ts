// Contract test: the simulator's answers validated against Meta's own OpenAPI document
// (facebook/openapi business-messaging-api_v23.0.yaml, OpenAPI 3.1 = JSON Schema 2020-12).
//
// Each check takes the response schema of the operation in the spec (resolving $refs inside the
// document) and validates a real answer of the simulator. Where the spec's schema cannot be used,
// the reason is written next to the check and the documented example's shape is asserted instead.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import type { Account, Simulator } from '../src/index.ts';
import {
  accountInput,
  admin,
  graph,
  startReceiver,
  startSimulator,
  textMessage,
  waitFor,
  type GraphResponse,
  type Json,
  type Receiver,
} from './helpers.ts';

/** Meta's OpenAPI document, kept in the repository (see meta-spec/README.md). */
const SPEC_PATH = fileURLToPath(
  new URL('../meta-spec/business-messaging-api_v23.0.yaml', import.meta.url),
);

const SPEC_ID = 'meta-spec.json';

function pointer(...tokens: string[]): string {
  return tokens
    .map((t) => encodeURIComponent(t.replace(/~/g, '~0').replace(/\//g, '~1')))
    .join('/');
}

describe('contract: responses match Meta OpenAPI spec v23.0', () => {
  let sim: Simulator;
  let account: Account;
  let receiver: Receiver;
  let spec: Json;
  const ajv = new Ajv2020Module.default({
    strict: false,
    allErrors: true,
    validateSchema: false,
    logger: false,
  });
  addFormatsModule.default(ajv);
  // OpenAPI annotations that are not JSON Schema keywords.
  ajv.addVocabulary(['example', 'xml', 'externalDocs']);

  function validator(ref: string): (data: unknown) => void {
    const validate = ajv.getSchema(`${SPEC_ID}#/${ref}`);
    assert.ok(validate, `schema ${ref} not found in the spec`);
    return (data: unknown) => {
      const ok = validate(data);
      assert.ok(
        ok,
        `${decodeURIComponent(ref)}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(data, null, 1)}`,
      );
    };
  }

  /** The JSON response schema of an operation: paths/{path}/{method}/responses/{status}. */
  function responseSchema(path: string, method: string, status: string): (data: unknown) => void {
    const operation = spec.paths[path]?.[method];
    assert.ok(operation, `operation ${method} ${path} not in the spec`);
    assert.ok(
      operation.responses[status]?.content?.['application/json']?.schema,
      `no ${status} JSON schema for ${method} ${path}`,
    );
    return validator(
      pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema'),
    );
  }

  const component = (name: string) => validator(pointer('components', 'schemas', name));

  function metaHeaders(res: GraphResponse): void {
    // Response headers the spec lists for these operations (components/headers).
    assert.ok(res.headers.get('x-fb-trace-id'));
    assert.ok(res.headers.get('x-fb-request-id'));
    assert.match(res.headers.get('facebook-api-version') ?? '', /^v\d+\.\d+$/);
  }

  const send = (body: unknown) =>
    graph(sim, 'POST', `/${account.phone_number_id}/messages`, {
      token: account.access_token,
      body,
    });

  before(async () => {
    spec = parse(readFileSync(SPEC_PATH, 'utf8'));
    // The spec's enum for a phone number's `status` (PENDING, LINKED, UNLINKED, ...) lacks
    // CONNECTED, the value Graph reports for a registered, working number (WhatsAppBusinessPhoneNumber
    // reference; BSP docs agree). The simulator answers CONNECTED, so the enum is widened here.
    spec.components.schemas.WhatsAppPhoneNumberStatus.enum.push('CONNECTED');
    ajv.addSchema(spec, SPEC_ID);
    sim = await startSimulator();
    receiver = await startReceiver();
    account = sim.addAccount(accountInput({ webhook_url: receiver.url, app_secret: 's' }));
    sim.addAccount(accountInput({ waba_id: account.waba_id, access_token: account.access_token }));
    sim.addTemplate({
      waba_id: account.waba_id,
      name: 'hello_world',
      language: 'en_US',
      category: 'UTILITY',
    });
    sim.addTemplate({
      waba_id: account.waba_id,
      name: 'order_update',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'Hi {{1}}', example: { body_text: [['a']] } }],
    });
    sim.inbound({
      phone_number_id: account.phone_number_id,
      from: '16505551234',
      type: 'text',
      text: 'hi',
    });
  });
  after(async () => {
    await sim.close();
    await receiver.close();
  });

  it('the spec validators are not vacuous: they reject wrong bodies', () => {
    const rejects = (check: (data: unknown) => void, data: unknown) =>
      assert.throws(() => check(data));
    rejects(component('GraphAPIError'), { error: { message: 'x', type: 'OAuthException' } });
    rejects(component('GraphAPIError'), {
      error: { message: 'x', type: 'OAuthException', code: '100' },
    });
    rejects(responseSchema('/{Version}/{Phone-Number-ID}', 'get', '200'), {
      id: '1',
      quality_rating: 'BLUE',
    });
    rejects(responseSchema('/{Version}/{WABA-ID}/phone_numbers', 'get', '200'), {
      data: [{ id: '1', display_phone_number: '+1' }],
    });
    rejects(responseSchema('/{Version}/{Phone-Number-ID}/messages', 'post', '200'), {
      messages: [{ id: 'wamid.x', message_status: 'sent' }],
    });
    rejects(responseSchema('/{Version}/{Media-ID}', 'get', '200'), { file_size: 12 });
    rejects(component('WebhookPayload'), {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { statuses: [] } }] }],
    });
  });

  it('GET /{Phone-Number-ID} -> PhoneNumberInfo (default fields and ?fields=)', async () => {
    const check = responseSchema('/{Version}/{Phone-Number-ID}', 'get', '200');
    for (const query of [
      '',
      '?fields=name_status,code_verification_status',
      '?fields=throughput,whatsapp_business_manager_messaging_limit',
    ]) {
      const res = await graph(sim, 'GET', `/${account.phone_number_id}${query}`, {
        token: account.access_token,
      });
      assert.equal(res.status, 200);
      metaHeaders(res);
      check(res.body);
    }
  });

  it('GET /{WABA-ID} -> WhatsAppBusinessAccount', async () => {
    const res = await graph(sim, 'GET', `/${account.waba_id}`, { token: account.access_token });
    metaHeaders(res);
    responseSchema('/{Version}/{WABA-ID}', 'get', '200')(res.body);
  });

  it('GET /{WABA-ID}/phone_numbers -> WhatsAppBusinessAccountPhoneNumbersConnection (paged)', async () => {
    const check = responseSchema('/{Version}/{WABA-ID}/phone_numbers', 'get', '200');
    for (const query of ['', '?limit=1']) {
      const res = await graph(sim, 'GET', `/${account.waba_id}/phone_numbers${query}`, {
        token: account.access_token,
      });
      metaHeaders(res);
      check(res.body);
    }
  });

  it('POST /{Phone-Number-ID}/messages -> MessageResponsePayload (text, template, media, interactive, ...)', async () => {
    const check = responseSchema('/{Version}/{Phone-Number-ID}/messages', 'post', '200');
    const strict = component('MessageResponse');
    const to = '+16505551234';
    const bodies = [
      textMessage(to),
      {
        messaging_product: 'whatsapp',
        to,
        type: 'template',
        template: { name: 'hello_world', language: { code: 'en_US' } },
      },
      {
        messaging_product: 'whatsapp',
        to,
        type: 'template',
        template: {
          name: 'order_update',
          language: { code: 'en_US' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'x' }] }],
        },
      },
      {
        messaging_product: 'whatsapp',
        to,
        type: 'image',
        image: { link: 'https://example.com/a.png' },
      },
      {
        messaging_product: 'whatsapp',
        to,
        type: 'document',
        document: { link: 'https://example.com/a.pdf', filename: 'a.pdf' },
      },
      {
        messaging_product: 'whatsapp',
        to,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'b' },
          action: { buttons: [{ type: 'reply', reply: { id: '1', title: 'One' } }] },
        },
      },
      {
        messaging_product: 'whatsapp',
        to,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'b' },
          action: { button: 'Open', sections: [{ rows: [{ id: 'r', title: 'Row' }] }] },
        },
      },
      {
        messaging_product: 'whatsapp',
        to,
        type: 'location',
        location: { latitude: 1, longitude: 2 },
      },
      {
        messaging_product: 'whatsapp',
        to,
        type: 'reaction',
        reaction: { message_id: 'wamid.X', emoji: 'x' },
      },
    ];
    for (const body of bodies) {
      const res = await send(body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      metaHeaders(res);
      check(res.body);
      strict(res.body);
    }
  });

  it('mark as read -> {success:true} (SuccessResponse, and the spec example)', async () => {
    const inbound = sim.inbound({
      phone_number_id: account.phone_number_id,
      from: '16505551234',
      type: 'text',
      text: 'read me',
    });
    const res = await send({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: inbound.message_id,
      typing_indicator: { type: 'text' },
    });
    responseSchema('/{Version}/{Phone-Number-ID}/messages', 'post', '200')(res.body);
    component('SuccessResponse')(res.body);
    const example =
      spec.paths['/{Version}/{Phone-Number-ID}/messages'].post.responses['200'].content[
        'application/json'
      ].examples['Send typing indicator and read receipt'].value;
    assert.deepEqual(res.body, example);
  });

  it('templates: list, create, delete', async () => {
    const path = '/{Version}/{WABA-ID}/message_templates';
    let res = await graph(sim, 'GET', `/${account.waba_id}/message_templates?limit=1`, {
      token: account.access_token,
    });
    metaHeaders(res);
    responseSchema(path, 'get', '200')(res.body);
    res = await graph(sim, 'POST', `/${account.waba_id}/message_templates`, {
      token: account.access_token,
      body: {
        name: 'contract_one',
        language: 'en_US',
        category: 'MARKETING',
        components: [{ type: 'BODY', text: 'Hi' }],
      },
    });
    responseSchema(path, 'post', '200')(res.body);
    // The spec's response schema only types the fields; the examples show all three present.
    assert.deepEqual(Object.keys(res.body).sort(), ['category', 'id', 'status']);
    res = await graph(sim, 'DELETE', `/${account.waba_id}/message_templates?name=contract_one`, {
      token: account.access_token,
    });
    responseSchema(path, 'delete', '200')(res.body);
    component('SuccessResponse')(res.body);
  });

  it('templates: get by id and edit -> the spec’s {TEMPLATE_ID} schemas', async () => {
    const path = '/{Version}/{TEMPLATE_ID}';
    const created = sim.addTemplate({
      waba_id: account.waba_id,
      name: 'contract_edit',
      language: 'en_US',
      category: 'MARKETING',
      components: [{ type: 'BODY', text: 'Hi {{1}}, sale!', example: { body_text: [['Mark']] } }],
    });
    let res = await graph(sim, 'GET', `/${created.id}`, { token: account.access_token });
    responseSchema(path, 'get', '200')(res.body);
    res = await graph(sim, 'POST', `/${created.id}`, {
      token: account.access_token,
      body: {
        components: [
          { type: 'BODY', text: 'Hi {{1}}, new sale!', example: { body_text: [['Mark']] } },
        ],
      },
    });
    responseSchema(path, 'post', '200')(res.body);
    assert.deepEqual(res.body, { success: true });
  });

  it('media: upload, info, delete', async () => {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', 'image/png');
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
      'base64',
    );
    form.set('file', new Blob([png], { type: 'image/png' }), 'a.png');
    let res = await graph(sim, 'POST', `/${account.phone_number_id}/media`, {
      token: account.access_token,
      form,
    });
    metaHeaders(res);
    responseSchema('/{Version}/{Phone-Number-ID}/media', 'post', '200')(res.body);
    assert.equal(typeof res.body.id, 'string');
    const id: string = res.body.id;
    res = await graph(sim, 'GET', `/${id}`, { token: account.access_token });
    responseSchema('/{Version}/{Media-ID}', 'get', '200')(res.body);
    // Same keys as the spec's "Retrieve Media URL" example (file_size is a string there too).
    const example =
      spec.paths['/{Version}/{Media-ID}'].get.responses['200'].content['application/json'].examples[
        'Retrieve Media URL'
      ].value;
    assert.deepEqual(Object.keys(res.body).sort(), Object.keys(example).sort());
    res = await graph(sim, 'DELETE', `/${id}`, { token: account.access_token });
    responseSchema('/{Version}/{Media-ID}', 'delete', '200')(res.body);
  });

  it('error bodies -> GraphAPIError (auth, access, validation, rate limits, faults)', async () => {
    const graphError = component('GraphAPIError');
    const byStatus = (status: number) =>
      responseSchema('/{Version}/{Phone-Number-ID}', 'get', String(status));
    const other = sim.addAccount(accountInput({ token_expired: true }));
    const cases: GraphResponse[] = [];
    cases.push(await graph(sim, 'GET', `/${account.phone_number_id}`, { token: 'bad' }));
    cases.push(await graph(sim, 'GET', `/${other.phone_number_id}`, { token: other.access_token }));
    cases.push(
      await graph(sim, 'GET', `/${other.phone_number_id}`, { token: account.access_token }),
    );
    cases.push(await send(textMessage('+447700900123')));
    cases.push(
      await send({
        messaging_product: 'whatsapp',
        to: '16505551234',
        type: 'template',
        template: { name: 'order_update', language: { code: 'en_US' } },
      }),
    );
    cases.push(await send(textMessage('16505551234', 'x'.repeat(5000))));
    await admin(sim, 'POST', '/faults', { kind: '429' });
    cases.push(
      await graph(sim, 'GET', `/${account.phone_number_id}`, { token: account.access_token }),
    );
    await admin(sim, 'POST', '/faults', { kind: '5xx' });
    cases.push(
      await graph(sim, 'GET', `/${account.phone_number_id}`, { token: account.access_token }),
    );
    const statuses = cases.map((c) => c.status);
    assert.deepEqual(statuses, [401, 401, 400, 400, 400, 400, 429, 500]);
    for (const res of cases) {
      metaHeaders(res);
      graphError(res.body);
      // GET /{Phone-Number-ID} documents 400, 401, 429 and 500 with the GraphAPIError schema.
      if ([400, 401, 429, 500].includes(res.status)) byStatus(res.status)(res.body);
      assert.equal(res.body.error.fbtrace_id, res.headers.get('x-fb-trace-id'));
    }
  });

  it('status webhooks -> WebhookPayload (StatusMessageValue)', async () => {
    receiver.received.length = 0;
    const res = await send({ ...textMessage('16505551234'), biz_opaque_callback_data: 'abc' });
    const wamid: string = res.body.messages[0].id;
    await waitFor(
      () =>
        receiver.received.filter(
          (w) => w.json.entry[0].changes[0].value.statuses?.[0]?.id === wamid,
        ).length === 3,
    );
    const check = component('WebhookPayload');
    const statusValue = component('StatusMessageValue');
    for (const hook of receiver.received) {
      check(hook.json);
      statusValue(hook.json.entry[0].changes[0].value);
    }
  });

  it('user_preferences webhooks follow Meta\'s reference; 131050 answers a marketing send after "stop"', async () => {
    // Not in the v23 spec (its Change.field enum lists messages and group updates only): checked
    // against the syntax of Meta's user_preferences webhook reference (2026-05), key by key.
    sim.addTemplate({
      waba_id: account.waba_id,
      name: 'spring_sale',
      language: 'en_US',
      category: 'MARKETING',
    });
    const marketing = {
      messaging_product: 'whatsapp',
      to: '16505551234',
      type: 'template',
      template: { name: 'spring_sale', language: { code: 'en_US' } },
    };
    assert.equal((await send(marketing)).status, 200);
    receiver.received.length = 0;
    sim.userPreference({
      phone_number_id: account.phone_number_id,
      wa_id: '16505551234',
      value: 'stop',
    });
    // The first send's status webhooks may arrive meanwhile: wait for this one by its field.
    const delivery = await waitFor(
      () =>
        receiver.received.find(
          (received) => received.json.entry?.[0]?.changes?.[0]?.field === 'user_preferences',
        ),
      3000,
      'the user_preferences webhook',
    );
    const hook = delivery.json;
    assert.deepEqual(Object.keys(hook).sort(), ['entry', 'object']);
    assert.equal(hook.object, 'whatsapp_business_account');
    const change = hook.entry[0].changes[0];
    assert.equal(hook.entry[0].id, account.waba_id);
    assert.equal(change.field, 'user_preferences');
    assert.deepEqual(Object.keys(change.value).sort(), [
      'contacts',
      'messaging_product',
      'metadata',
      'user_preferences',
    ]);
    assert.deepEqual(Object.keys(change.value.metadata).sort(), [
      'display_phone_number',
      'phone_number_id',
    ]);
    assert.equal(typeof change.value.contacts[0].profile.name, 'string');
    assert.equal(change.value.contacts[0].wa_id, '16505551234');
    const preference = change.value.user_preferences[0];
    assert.deepEqual(Object.keys(preference).sort(), [
      'category',
      'detail',
      'timestamp',
      'value',
      'wa_id',
    ]);
    assert.equal(preference.category, 'marketing_messages');
    assert.equal(preference.value, 'stop');
    assert.equal(typeof preference.timestamp, 'number');

    // Meta's error for a marketing template to a user who stopped them; utility still goes.
    const refused = await send(marketing);
    assert.equal(refused.status, 400);
    component('GraphAPIError')(refused.body);
    assert.equal(refused.body.error.code, 131050);
    assert.equal(
      (await send({ ...marketing, template: { name: 'hello_world', language: { code: 'en_US' } } }))
        .status,
      200,
    );

    // A choice made earlier (demo history): the webhook carries its time.
    sim.userPreference({
      phone_number_id: account.phone_number_id,
      wa_id: '16505551234',
      value: 'resume',
      timestamp: 1767225600,
    });
    const preferences = () =>
      receiver.received.filter((w) => w.json.entry[0].changes[0].field === 'user_preferences');
    await waitFor(() => preferences().length === 2);
    const resumed = preferences()[1].json.entry[0].changes[0].value.user_preferences[0];
    assert.equal(resumed.value, 'resume');
    assert.equal(resumed.timestamp, 1767225600);
    assert.equal((await send(marketing)).status, 200);
  });

  it('inbound webhooks have the shape of the spec examples', async () => {
    // Not schema-validated: the spec's IncomingMessage schemas reuse the *outbound*
    // BaseMessageProperties (requiring messaging_product, recipient_type and `to` on every
    // received message), which no real webhook carries, and IncomingMessageValueGeneral is not
    // distinguishable from the status value by oneOf. Instead every key of the documented
    // example must be present in the simulator's webhook, with the same JSON type.
    const examples =
      spec.paths['/whatsapp/webhooks'].post.requestBody.content['application/json'].examples;
    const cases: [string, Record<string, unknown>][] = [
      ['Text Message', { type: 'text', text: 'Does it come in another color?' }],
      [
        'Reaction Message',
        { type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '\u{1F44D}' } },
      ],
      ['Image Message', { type: 'image', image: { caption: 'Taj Mahal' } }],
      [
        'Location Message',
        {
          type: 'location',
          location: {
            latitude: 37.4,
            longitude: -122.1,
            name: 'Philz',
            address: '101 Forest Ave',
            url: 'https://philzcoffee.com/',
          },
        },
      ],
      [
        'Contact Sharing Message',
        {
          type: 'contacts',
          contacts: [
            {
              name: { first_name: 'L', last_name: 'G', formatted_name: 'L G' },
              org: { company: 'G' },
              phones: [{ phone: '+1', wa_id: '1', type: 'MOBILE' }],
            },
          ],
        },
      ],
      ['Unsupported Message', { type: 'unsupported' }],
      [
        'Button Message',
        {
          type: 'button',
          button: { payload: 'Unsubscribe', text: 'Unsubscribe' },
          context: { message_id: 'wamid.Y' },
        },
      ],
      [
        'Interactive List Reply Message',
        {
          type: 'interactive',
          interactive: {
            type: 'list_reply',
            list_reply: { id: 'a', title: 'b', description: 'c' },
          },
          context: { message_id: 'wamid.Y' },
        },
      ],
      [
        'Interactive Button Reply Message',
        {
          type: 'interactive',
          interactive: { type: 'button_reply', button_reply: { id: 'a', title: 'b' } },
          context: { message_id: 'wamid.Y' },
        },
      ],
    ];
    const envelope = component('Metadata');
    const contactProfile = component('ContactProfile');
    for (const [name, input] of cases) {
      const example = examples[name]?.value;
      assert.ok(example, `example ${name} in the spec`);
      const result = sim.inbound({
        phone_number_id: account.phone_number_id,
        from: '16505551234',
        profile_name: 'Sheena Nelson',
        ...input,
      } as never);
      const hook = await waitFor(() =>
        receiver.received.find(
          (w) => w.json.entry[0].changes[0].value.messages?.[0]?.id === result.message_id,
        ),
      );
      assertShape(example, hook.json, name);
      const value = hook.json.entry[0].changes[0].value;
      envelope(value.metadata);
      contactProfile(value.contacts[0]);
    }
  });
});

function jsonType(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

/** Every key of `example` exists in `actual` with the same JSON type (recursively). */
function assertShape(example: unknown, actual: unknown, path: string): void {
  assert.equal(jsonType(actual), jsonType(example), `${path}: type`);
  if (Array.isArray(example) && Array.isArray(actual)) {
    if (example.length > 0) {
      assert.ok(actual.length > 0, `${path}: empty array`);
      assertShape(example[0], actual[0], `${path}[0]`);
    }
    return;
  }
  if (example && typeof example === 'object' && actual && typeof actual === 'object') {
    for (const [key, value] of Object.entries(example)) {
      assert.ok(key in actual, `${path}.${key} missing`);
      assertShape(value, (actual as Record<string, unknown>)[key], `${path}.${key}`);
    }
  }
}
