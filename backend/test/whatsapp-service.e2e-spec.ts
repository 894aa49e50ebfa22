import { GraphApiError } from '../src/whatsapp/graph-api.error.js';
import { WhatsAppService } from '../src/whatsapp/whatsapp.service.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('WhatsAppService against the simulator', () => {
  let simulator: Simulator;
  let t: TestApp;
  let whatsapp: WhatsAppService;
  let number: SimulatedNumber;
  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator, { GRAPH_API_TIMEOUT_MS: '300' }));
    whatsapp = t.app.get(WhatsAppService);
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });
  beforeEach(() => {
    simulator.reset();
    number = addNumber(simulator);
  });

  const sendTemplate = () =>
    whatsapp.sendMessage(number.access_token, number.phone_number_id, {
      to: '+15550101234',
      type: 'template',
      template: { name: 'hello', language: { code: 'en_US' } },
    });
  const addHello = () =>
    simulator.addTemplate({
      waba_id: number.waba_id,
      name: 'hello',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [{ type: 'BODY', text: 'Hello!' }],
    });

  it('reads the phone number with its quality and throughput', async () => {
    const phone = await whatsapp.getPhoneNumber(number.access_token, number.phone_number_id);
    expect(phone).toMatchObject({
      id: number.phone_number_id,
      verified_name: 'Test Shop',
      quality_rating: 'GREEN',
      throughput: { level: expect.any(String) },
    });
  });

  it('sends and gets Meta’s message id back', async () => {
    addHello();
    const result = await sendTemplate();
    expect(result.messages[0]?.id).toMatch(/^wamid\./);
    expect(simulator.sent(number.phone_number_id)).toHaveLength(1);
  });

  it.each([
    ['a 5xx', { kind: '5xx' as const, count: 2 }],
    ['a 429 throttle', { kind: '429' as const, code: 4, count: 1, retry_after: 0 }],
    ['throughput limit 130429', { kind: 'error' as const, code: 130429, count: 2 }],
  ])('retries after %s and then succeeds, sending once', async (_name, fault) => {
    addHello();
    simulator.addFault({ phone_number_id: number.phone_number_id, ...fault });
    const result = await sendTemplate();
    expect(result.messages[0]?.id).toMatch(/^wamid\./);
    expect(simulator.sent(number.phone_number_id)).toHaveLength(1);
  });

  it('never repeats a send that timed out: Meta may have it', async () => {
    addHello();
    // Only the first call is held: a repeat would go through.
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      kind: 'timeout',
      count: 1,
      hold_ms: 1500,
    });
    const error = await sendTemplate().catch((e: unknown) => e);
    expect(error).toMatchObject({ mayHaveArrived: true, title: 'Meta did not answer in time' });
    expect(simulator.sent(number.phone_number_id)).toHaveLength(0);
  });

  it('retries a read receipt that timed out (repeating it is harmless)', async () => {
    const { message_id } = simulator.inbound({
      phone_number_id: number.phone_number_id,
      from: '15550101234',
      type: 'text',
      text: { body: 'Hi' },
    });
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      kind: 'timeout',
      count: 1,
      hold_ms: 1500,
    });
    await whatsapp.markAsRead(number.access_token, number.phone_number_id, message_id);
    expect(simulator.receipts()).toHaveLength(1);
  });

  it.each([
    [131026, 'Message undeliverable'],
    [190, 'Access token rejected'],
    [132001, 'Template not available'],
  ])('does not retry Meta error %i, which a retry cannot fix', async (code, title) => {
    addHello();
    // Only the first call fails: a retry would succeed, so success here would mean a retry.
    simulator.addFault({ phone_number_id: number.phone_number_id, kind: 'error', code, count: 1 });
    const error = await sendTemplate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ code, retryable: false, title });
    expect(simulator.sent(number.phone_number_id)).toHaveLength(0);
  });

  it('honours Retry-After before retrying', async () => {
    addHello();
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      kind: '429',
      code: 130429,
      count: 1,
      retry_after: 1,
    });
    const started = Date.now();
    await sendTemplate();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up after the configured retries with a retryable error', async () => {
    addHello();
    simulator.addFault({ phone_number_id: number.phone_number_id, kind: '5xx', count: 10 });
    const error = await sendTemplate().catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true, httpStatus: 500 });
  });

  it('maps Meta’s error body: code, details, trace id and a plain explanation', async () => {
    const error = await whatsapp
      .sendMessage(number.access_token, number.phone_number_id, {
        to: '+15550101234',
        type: 'template',
        template: { name: 'missing', language: { code: 'en_US' } },
      })
      .catch((e: unknown) => e as GraphApiError);
    expect(error).toMatchObject({
      code: 132001,
      retryable: false,
      title: 'Template not available',
    });
    expect((error as GraphApiError).fbtraceId).toEqual(expect.any(String));
    expect((error as GraphApiError).details).toEqual(expect.any(String));
    expect((error as GraphApiError).fix).toMatch(/approved template/);
  });

  it('answers an unknown token with 190 and never logs the token', async () => {
    const error = await whatsapp
      .getPhoneNumber('EAAnot-a-real-token', number.phone_number_id)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 190, httpStatus: 401 });
    expect(t.logs.join('\n')).not.toContain('EAAnot-a-real-token');
    expect(t.logs.join('\n')).not.toContain(number.access_token);
  });

  it('uploads media, reads its info and downloads it with the token', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const { id } = await whatsapp.uploadMedia(number.access_token, number.phone_number_id, {
      data: png,
      mimeType: 'image/png',
      filename: 'dot.png',
    });
    const info = await whatsapp.getMedia(number.access_token, id);
    expect(info).toMatchObject({ id, mime_type: 'image/png' });
    expect(Number(info.file_size)).toBe(png.length);
    const downloaded = await whatsapp.downloadMedia(number.access_token, info.url, 1024 * 1024);
    expect(downloaded.equals(png)).toBe(true);
  });

  it('lists, creates and deletes templates', async () => {
    addHello();
    const created = await whatsapp.createTemplate(number.access_token, number.waba_id, {
      name: 'order_ready',
      language: 'en_US',
      category: 'UTILITY',
      components: [
        { type: 'BODY', text: 'Order {{1}} is ready', example: { body_text: [['A-1']] } },
      ],
    });
    expect(created).toMatchObject({ id: expect.any(String), status: 'PENDING' });
    const all = await whatsapp.listAllTemplates(number.access_token, number.waba_id);
    expect(all.map((tpl) => tpl.name).sort()).toEqual(['hello', 'order_ready']);
    await whatsapp.deleteTemplate(number.access_token, number.waba_id, 'order_ready');
    expect(
      (await whatsapp.listAllTemplates(number.access_token, number.waba_id)).map((tpl) => tpl.name),
    ).toEqual(['hello']);
  });
});
