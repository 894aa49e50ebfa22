import { addMember, registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { connectSse, dataOf, type SseConnection, type SseFrame } from './support/sse-client.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { type ConnectedAccount, connectAccount, listen, waitFor } from './support/webhooks.js';

/** The simulator's app: an account's app_id must be it for uploads to reach the session. */
const SIM_APP_ID = '100000000000999';
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0]);

interface TemplateAnswer {
  id: string;
  meta_template_id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  quality_rating: string | null;
  status_reason: string | null;
  status_reason_text: string | null;
  previous_category: string | null;
  upcoming_category: string | null;
  edit: {
    allowed: boolean;
    reason: string | null;
    remaining_count: number | null;
    next_edit_at: string | null;
  };
  components: Array<Record<string, unknown>>;
}

const valid = {
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  header: { format: 'TEXT', text: 'Order {{1}}', example: 'A-17' },
  body: {
    text: 'Hi {{1}}, your order {{2}} ships today.',
    examples: { '1': 'Ada', '2': 'A-17' },
  },
  footer: { text: 'Thanks for shopping with us' },
  buttons: [
    { type: 'QUICK_REPLY', text: 'Thanks' },
    { type: 'URL', text: 'Track', url: 'https://shop.example/track/{{1}}', example: 'A-17' },
  ],
};

/**
 * Templates managed from the API against the simulator standing in for Meta: Meta's rules
 * checked before anything is sent, reviews arriving by webhook and shown live, media headers
 * through the Resumable Upload API, Meta's edit limits and deletes.
 */
describe('template management', () => {
  let simulator: Simulator;
  let t: TestApp;
  let baseUrl: string;
  let admin: SignedInUser;
  let member: SignedInUser;
  let outsider: SignedInUser;
  let number: SimulatedNumber;
  let account: ConnectedAccount;
  const streams: SseConnection[] = [];
  let nameSeq = 0;

  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(simulatorEnv(simulator, { GRAPH_API_MAX_RETRIES: '0' }));
    baseUrl = await listen(t);
    admin = await registerAdmin(t, { organization: 'Template Org' });
    member = await addMember(t, admin);
    outsider = await registerAdmin(t, { organization: 'Other Org' });
    number = addNumber(simulator);
    account = await connectAccount(t, admin, number);
    // Meta's review by hand (setTemplateStatus), so each test says when it happens.
    simulator.updateAccount(number.phone_number_id, {
      webhook_url: `${baseUrl}${account.callbackPath}`,
      template_review: null,
    });
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  const unique = (base: string) => `${base}_${++nameSeq}`;
  const create = (body: Record<string, unknown>, user: SignedInUser = member) =>
    t.http
      .post('/api/whatsapp/templates')
      .set(user.auth)
      .send({ account_id: account.id, ...body });
  const get = async (id: string): Promise<TemplateAnswer> =>
    (await t.http.get(`/api/whatsapp/templates/${id}`).set(member.auth).expect(200))
      .body as TemplateAnswer;
  const simTemplate = (metaId: string) => simulator.templates().find((x) => x.id === metaId);

  async function live(user: SignedInUser): Promise<SseConnection> {
    const stream = await connectSse(`${baseUrl}/api/events`, user.auth);
    streams.push(stream);
    await stream.next((frame) => frame.event === 'ready');
    return stream;
  }
  const templateEvent =
    (templateId: string, event: string) =>
    (frame: SseFrame): boolean => {
      if (frame.event !== 'template.changed') return false;
      const data = (dataOf(frame) as { data: { template_id: string; event: string } }).data;
      return data.template_id === templateId && data.event === event;
    };

  /** An approved template of this organization, created through the API. */
  async function approvedTemplate(): Promise<TemplateAnswer> {
    const created = (await create({ ...valid, name: unique('approved') }).expect(201))
      .body as TemplateAnswer;
    simulator.setTemplateStatus(created.meta_template_id, 'APPROVED');
    await waitFor('the approval', async () => (await get(created.id)).status === 'APPROVED');
    return get(created.id);
  }

  describe('Meta’s rules before Meta', () => {
    it('refuses a template that breaks them, naming every field, and sends nothing', async () => {
      const before = simulator.templates().length;
      const answer = await create({
        ...valid,
        name: 'Order Update',
        header: { format: 'TEXT', text: 'Order {{1}} and {{2}}', example: 'A' },
        body: { text: '{{1}}{{2}} is ready', examples: { '1': 'Ada' } },
        footer: { text: 'Code {{1}}' },
        buttons: [
          { type: 'QUICK_REPLY', text: 'A' },
          { type: 'URL', text: 'Go', url: 'https://a.example/{{1}}/x', example: 'y' },
          { type: 'QUICK_REPLY', text: 'B' },
          { type: 'PHONE_NUMBER', text: 'Call', phone_number: '5550101234' },
        ],
      }).expect(400);
      const fields = (answer.body as { details: { field: string; messages: string[] }[] }).details;
      expect(Object.fromEntries(fields.map((f) => [f.field, f.messages]))).toEqual({
        name: [expect.stringMatching(/lowercase letters/)],
        'header.text': ['A header can have only one variable.'],
        'body.text': [
          expect.stringMatching(/next to each other/),
          expect.stringMatching(/cannot start with a variable/),
        ],
        'body.examples': [expect.stringMatching(/\{\{2\}\} has none/)],
        'footer.text': ['A footer cannot have variables.'],
        buttons: [expect.stringMatching(/quick replies together/)],
        'buttons.1.url': [expect.stringMatching(/Only the end of the address/)],
        'buttons.3.phone_number': [expect.stringMatching(/international number/)],
      });
      expect(simulator.templates()).toHaveLength(before);
    });

    it('validates the shape and the account', async () => {
      let answer = await create({ ...valid, category: 'PROMO', buttons: [{ type: 'FLOW' }] });
      expect(answer.status).toBe(400);
      expect(answer.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'buttons.0.type',
        'category',
      ]);
      answer = await t.http
        .post('/api/whatsapp/templates')
        .set(outsider.auth)
        .send({ ...valid, account_id: account.id })
        .expect(400);
      expect(answer.body.details[0].field).toBe('account_id');
      answer = await create({ ...valid, category: 'AUTHENTICATION' }).expect(400);
      expect(answer.body.details[0]).toEqual({
        field: 'category',
        messages: [expect.stringMatching(/WhatsApp Manager/)],
      });
    });
  });

  describe('creating', () => {
    it('creates a template at Meta, pending, and shows Meta’s approval live', async () => {
      const stream = await live(admin);
      const answer = await create({ ...valid, name: unique('order_update') }).expect(201);
      const created = answer.body as TemplateAnswer;
      expect(created).toMatchObject({ status: 'PENDING', category: 'UTILITY', language: 'en_US' });
      // Meta got the components with the examples in place.
      expect(simTemplate(created.meta_template_id)?.components).toEqual([
        { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['A-17'] } },
        {
          type: 'BODY',
          text: 'Hi {{1}}, your order {{2}} ships today.',
          example: { body_text: [['Ada', 'A-17']] },
        },
        { type: 'FOOTER', text: 'Thanks for shopping with us' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'Thanks' },
            {
              type: 'URL',
              text: 'Track',
              url: 'https://shop.example/track/{{1}}',
              example: ['https://shop.example/track/A-17'],
            },
          ],
        },
      ]);
      await stream.next(templateEvent(created.id, 'CREATED'));
      simulator.setTemplateStatus(created.meta_template_id, 'APPROVED');
      const approved = await stream.next(templateEvent(created.id, 'APPROVED'));
      expect(dataOf(approved)).toMatchObject({
        data: { status: 'APPROVED', name: created.name, category: 'UTILITY' },
      });
      expect((await get(created.id)).status).toBe('APPROVED');
    });

    it('explains Meta’s rejection in plain words', async () => {
      const created = (await create({ ...valid, name: unique('wrong') }).expect(201))
        .body as TemplateAnswer;
      simulator.setTemplateStatus(created.meta_template_id, 'REJECTED', 'INCORRECT_CATEGORY');
      const rejected = await waitFor('the rejection', async () => {
        const template = await get(created.id);
        return template.status === 'REJECTED' && template;
      });
      expect(rejected.status_reason).toMatch(/^INCORRECT_CATEGORY/);
      expect(rejected.status_reason_text).toMatch(/category does not match the content/);
    });

    it('passes on Meta’s refusal with Meta’s words', async () => {
      const name = unique('twice');
      await create({ ...valid, name }).expect(201);
      const again = await create({ ...valid, name }).expect(422);
      expect(again.body.message).toMatch(/already en_US content/);
      expect(again.body.meta_error).toMatchObject({ code: 100, subcode: 2388024 });
    });
  });

  describe('media headers', () => {
    const upload = (user: SignedInUser, file = JPEG, type = 'image/jpeg') =>
      t.http
        .post('/api/whatsapp/templates/media')
        .set(user.auth)
        .field('account_id', account.id)
        .attach('file', file, { filename: 'menu.jpg', contentType: type });

    it('creates an image-header template end to end through the Resumable Upload API', async () => {
      // Without the Meta app id the error says what to set.
      let answer = await upload(member).expect(422);
      expect(answer.body.message).toMatch(/Meta app id.*app_id/);

      // Only an admin changes an account.
      await t.http
        .patch(`/api/whatsapp/accounts/${account.id}`)
        .set(member.auth)
        .send({ app_id: SIM_APP_ID })
        .expect(403);
      const patched = await t.http
        .patch(`/api/whatsapp/accounts/${account.id}`)
        .set(admin.auth)
        .send({ app_id: SIM_APP_ID })
        .expect(200);
      expect(patched.body.app_id).toBe(SIM_APP_ID);

      answer = await upload(member).expect(201);
      expect(answer.body).toMatchObject({
        format: 'IMAGE',
        mime_type: 'image/jpeg',
        size_bytes: JPEG.length,
        filename: 'menu.jpg',
      });
      const handle = answer.body.handle as string;
      expect(handle).toMatch(/^4::/);

      const created = await create({
        ...valid,
        name: unique('menu'),
        category: 'MARKETING',
        header: { format: 'IMAGE', handle },
      }).expect(201);
      const components = simTemplate(created.body.meta_template_id)?.components;
      expect(components?.[0]).toEqual({
        type: 'HEADER',
        format: 'IMAGE',
        example: { header_handle: [handle] },
      });

      // A video header cannot show a JPEG sample: Meta says so.
      const wrong = await create({
        ...valid,
        name: unique('clip'),
        header: { format: 'VIDEO', handle },
      }).expect(422);
      expect(wrong.body.message).toMatch(/sample is image\/jpeg/);
      // No sample at all: our rule, on its field.
      const none = await create({ ...valid, name: unique('bare'), header: { format: 'IMAGE' } });
      expect(none.status).toBe(400);
      expect(none.body.details[0].field).toBe('header.handle');
    });

    it('uploads a stored customer photo as the sample (header.media_file_id)', async () => {
      // A customer sends a photo; the backend downloads and stores it.
      const inbound = simulator.inbound({
        phone_number_id: number.phone_number_id,
        from: '+16505550142',
        type: 'image',
        image: { mime_type: 'image/jpeg', data_base64: JPEG.toString('base64') },
      });
      const mediaId = await waitFor('the stored photo', async () => {
        const list = await t.http
          .get('/api/whatsapp/messages')
          .query({ direction: 'in' })
          .set(member.auth)
          .expect(200);
        const message = (list.body.items as { id: string; wa_message_id: string }[]).find(
          (m) => m.wa_message_id === inbound.message_id,
        );
        if (!message) return undefined;
        const media = await t.http
          .get('/api/whatsapp/media')
          .query({ message_id: message.id })
          .set(member.auth)
          .expect(200);
        const file = (media.body as { id: string; status: string }[])[0];
        return file?.status === 'stored' ? file.id : undefined;
      });
      await t.http
        .patch(`/api/whatsapp/accounts/${account.id}`)
        .set(admin.auth)
        .send({ app_id: SIM_APP_ID })
        .expect(200);

      const created = await create({
        ...valid,
        name: unique('from_photo'),
        category: 'MARKETING',
        header: { format: 'IMAGE', media_file_id: mediaId },
      }).expect(201);
      const header = simTemplate(created.body.meta_template_id)?.components[0] as {
        example?: { header_handle?: string[] };
      };
      expect(header.example?.header_handle?.[0]).toMatch(/^4::/);
      // A photo is no document sample.
      const wrong = await create({
        ...valid,
        name: unique('from_photo_doc'),
        header: { format: 'DOCUMENT', media_file_id: mediaId },
      }).expect(400);
      expect(wrong.body.details[0].field).toBe('header.media_file_id');
      // Another organization can use neither the account nor its files.
      await t.http
        .post('/api/whatsapp/templates')
        .set(outsider.auth)
        .send({
          ...valid,
          account_id: account.id,
          header: { format: 'IMAGE', media_file_id: mediaId },
        })
        .expect(400);
    });

    it('takes only what a header can show', async () => {
      const gif = await upload(member, Buffer.from('GIF89a'), 'image/gif').expect(400);
      expect(gif.body.details[0]).toEqual({
        field: 'file',
        messages: [expect.stringMatching(/JPEG or PNG image, an MP4 video or a PDF/)],
      });
      await t.http
        .post('/api/whatsapp/templates/media')
        .set(member.auth)
        .send({ account_id: account.id })
        .expect(400);
    });
  });

  describe('editing within Meta’s limits', () => {
    const edit = (id: string, text: string) =>
      t.http.patch(`/api/whatsapp/templates/${id}`).set(member.auth).send({ body: { text } });

    it('edits an approved template once in 24 hours and says what is left', async () => {
      const template = await approvedTemplate();
      expect(template.edit).toEqual({
        allowed: true,
        reason: null,
        remaining_count: 10,
        next_edit_at: null,
      });
      const edited = (await edit(template.id, 'Your order is on its way.').expect(200))
        .body as TemplateAnswer;
      expect(edited.status).toBe('PENDING');
      expect(simTemplate(template.meta_template_id)?.components).toEqual([
        { type: 'BODY', text: 'Your order is on its way.' },
      ]);
      // Pending: Meta takes no edit.
      let refused = await edit(template.id, 'Another text.').expect(422);
      expect(refused.body.message).toMatch(/pending/);

      simulator.setTemplateStatus(template.meta_template_id, 'APPROVED');
      const approved = await waitFor('the approval', async () => {
        const x = await get(template.id);
        return x.status === 'APPROVED' && x;
      });
      expect(approved.edit.allowed).toBe(false);
      expect(approved.edit.remaining_count).toBe(9);
      const nextAt = Date.parse(approved.edit.next_edit_at ?? '');
      expect(nextAt - Date.now()).toBeGreaterThan(23.9 * 3600_000);
      expect(nextAt - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
      refused = await edit(template.id, 'Another text.').expect(422);
      expect(refused.body.message).toMatch(/once in 24 hours/);
      expect(refused.body.edit).toEqual(approved.edit);
      // Nothing reached Meta.
      expect(simTemplate(template.meta_template_id)?.components).toEqual([
        { type: 'BODY', text: 'Your order is on its way.' },
      ]);
    });

    it('edits rejected templates without limit, checked by the same rules', async () => {
      const created = (await create({ ...valid, name: unique('fixable') }).expect(201))
        .body as TemplateAnswer;
      simulator.setTemplateStatus(created.meta_template_id, 'REJECTED', 'INVALID_FORMAT');
      await waitFor('the rejection', async () => (await get(created.id)).status === 'REJECTED');
      const broken = await edit(created.id, 'Hello {{1}}').expect(400);
      expect(broken.body.details.map((d: { field: string }) => d.field)).toEqual([
        'body.text',
        'body.examples',
      ]);
      const fixed = (await edit(created.id, 'Hello there, welcome.').expect(200))
        .body as TemplateAnswer;
      expect(fixed.edit).toMatchObject({ allowed: false, remaining_count: null });
      expect(fixed.category).toBe('UTILITY');
    });
  });

  describe('deleting', () => {
    it('deletes one language or every language, and says when the name is free again', async () => {
      const name = unique('multi');
      const english = (await create({ ...valid, name }).expect(201)).body as TemplateAnswer;
      const spanish = (await create({ ...valid, name, language: 'es' }).expect(201))
        .body as TemplateAnswer;
      const german = (await create({ ...valid, name, language: 'de' }).expect(201))
        .body as TemplateAnswer;

      const one = await t.http
        .delete(`/api/whatsapp/templates/${english.id}`)
        .set(member.auth)
        .expect(200);
      expect(one.body).toMatchObject({ name, languages: ['en_US'], deleted_count: 1 });
      const reusable = Date.parse(one.body.name_reusable_at);
      expect(reusable - Date.now()).toBeGreaterThan(29.9 * 24 * 3600_000);
      expect(simTemplate(english.meta_template_id)).toBeUndefined();
      expect(simTemplate(spanish.meta_template_id)).toBeDefined();
      await t.http.get(`/api/whatsapp/templates/${english.id}`).set(member.auth).expect(404);

      // Meta keeps the name: creating it again in that language is refused, with Meta's words.
      const again = await create({ ...valid, name }).expect(422);
      expect(again.body.message).toMatch(/being deleted/);

      const all = await t.http
        .delete(`/api/whatsapp/templates/${spanish.id}`)
        .query({ scope: 'all' })
        .set(member.auth)
        .expect(200);
      expect(all.body).toMatchObject({ languages: ['de', 'es'], deleted_count: 2 });
      expect(simTemplate(german.meta_template_id)).toBeUndefined();
      await t.http.get(`/api/whatsapp/templates/${german.id}`).set(member.auth).expect(404);
    });
  });

  describe('changes Meta reports', () => {
    it('updates quality and category from Meta’s webhooks, live', async () => {
      const template = await approvedTemplate();
      const stream = await live(member);
      const admin_ = (path: string, body: unknown) =>
        fetch(`${simulator.url}/_sim/templates/${template.meta_template_id}/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await admin_('quality', { quality_score: 'YELLOW' })).status).toBe(200);
      const quality = await stream.next(templateEvent(template.id, 'QUALITY_CHANGED'));
      expect(dataOf(quality)).toMatchObject({ data: { quality_rating: 'YELLOW' } });

      await admin_('category', { category: 'MARKETING', impending: true });
      await stream.next(templateEvent(template.id, 'CATEGORY_CHANGE_ANNOUNCED'));
      let current = await get(template.id);
      expect(current).toMatchObject({
        category: 'UTILITY',
        upcoming_category: 'MARKETING',
        quality_rating: 'YELLOW',
      });

      await admin_('category', { category: 'MARKETING' });
      const changed = await stream.next(templateEvent(template.id, 'CATEGORY_CHANGED'));
      expect(dataOf(changed)).toMatchObject({ data: { category: 'MARKETING' } });
      current = await get(template.id);
      expect(current).toMatchObject({
        category: 'MARKETING',
        previous_category: 'UTILITY',
        upcoming_category: null,
      });
    });
  });

  describe('listing', () => {
    it('filters by status, category, language and name', async () => {
      const list = async (query: Record<string, string>) =>
        (
          await t.http
            .get('/api/whatsapp/templates')
            .query({ account_id: account.id, ...query })
            .set(member.auth)
            .expect(200)
        ).body as TemplateAnswer[];
      const name = unique('findable');
      await create({ ...valid, name, language: 'pt_BR', category: 'MARKETING' }).expect(201);
      expect((await list({ q: 'FINDABLE' })).map((x) => x.name)).toEqual([name]);
      expect((await list({ q: name, language: 'pt_BR', category: 'MARKETING' })).length).toBe(1);
      expect(await list({ q: name, category: 'UTILITY' })).toEqual([]);
      expect(await list({ q: name, status: 'APPROVED' })).toEqual([]);
      expect(await list({ q: '%' })).toEqual([]);
    });

    it('keeps templates to their organization', async () => {
      const template = await approvedTemplate();
      for (const request of [
        t.http.get(`/api/whatsapp/templates/${template.id}`),
        t.http
          .patch(`/api/whatsapp/templates/${template.id}`)
          .send({ body: { text: 'Hi there.' } }),
        t.http.delete(`/api/whatsapp/templates/${template.id}`),
      ]) {
        await request.set(outsider.auth).expect(404);
      }
      expect(simTemplate(template.meta_template_id)).toBeDefined();
    });
  });
});
