// Template management as Meta does it: creation checked by Meta's rules, review with webhooks,
// edits within Meta's limits, deletes that keep the name, quality and category webhooks, and the
// Resumable Upload API whose handle illustrates a media header.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Account, Simulator } from '../src/index.ts';
import {
  accountInput,
  admin,
  graph,
  startReceiver,
  startSimulator,
  waitFor,
  type GraphResponse,
  type Json,
  type Receiver,
} from './helpers.ts';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const APP_ID = '100000000000999';

const body = (text: string, examples?: string[]) => ({
  type: 'BODY',
  text,
  ...(examples ? { example: { body_text: [examples] } } : {}),
});

describe('template management', () => {
  let sim: Simulator;
  let receiver: Receiver;
  let account: Account;

  const create = (template: Json): Promise<GraphResponse> =>
    graph(sim, 'POST', `/${account.waba_id}/message_templates`, {
      token: account.access_token,
      body: template,
    });
  const edit = (id: string, changes: Json): Promise<GraphResponse> =>
    graph(sim, 'POST', `/${id}`, { token: account.access_token, body: changes });
  const hooks = (field: string): Json[] =>
    receiver.received
      .map((hook): Json => hook.json.entry[0].changes[0])
      .filter((change) => change.field === field)
      .map((change): Json => change.value);

  before(async () => {
    sim = await startSimulator();
    receiver = await startReceiver();
  });
  beforeEach(() => {
    sim.reset();
    receiver.received.length = 0;
    account = sim.addAccount(
      accountInput({
        webhook_url: receiver.url,
        template_review: { outcome: 'APPROVED', delay_ms: 10 },
      }),
    );
  });
  after(async () => {
    await sim.close();
    await receiver.close();
  });

  it('refuses a template that breaks Meta’s rules, naming the part', async () => {
    const cases: [Json, RegExp][] = [
      [body('Hi {{1}} {{2}} there', ['a', 'b']), /next to each other.*body\.text/],
      [body('{{1}}, hello', ['a']), /start with a variable/],
      [body('Hello {{1}}', ['a']), /end with a variable/],
      [body('Hi {{1}}, order {{3}} ok', ['a', 'b']), /in order/],
      [body('Hi {{1}} and {{name}} ok', ['a', 'b']), /not both/],
    ];
    for (const [component, message] of cases) {
      const res = await create({
        name: 'rules',
        language: 'en_US',
        category: 'UTILITY',
        components: [component],
      });
      assert.equal(res.status, 400, JSON.stringify(component));
      assert.equal(res.body.error.code, 100);
      assert.match(res.body.error.error_user_msg, message);
    }
    const buttons = await create({
      name: 'rules',
      language: 'en_US',
      category: 'MARKETING',
      components: [
        body('Hello there'),
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'A' },
            { type: 'URL', text: 'Go', url: 'https://a.example' },
            { type: 'QUICK_REPLY', text: 'B' },
          ],
        },
      ],
    });
    assert.equal(buttons.body.error.error_user_title, 'Invalid buttons');
    assert.match(buttons.body.error.error_user_msg, /quick replies together/);
  });

  it('reviews a new template: approved after the delay, rejected with a reason', async () => {
    const approved = await create({
      name: 'welcome_note',
      language: 'en_US',
      category: 'UTILITY',
      components: [body('Welcome {{1}}, glad you are here.', ['Ada'])],
    });
    const rejected = await create({
      name: 'reject_me',
      language: 'en_US',
      category: 'MARKETING',
      components: [body('Big sale today')],
    });
    const statuses = await waitFor(() => {
      const list = hooks('message_template_status_update');
      return list.length === 2 && list;
    });
    const byId = new Map(statuses.map((v: Json) => [String(v.message_template_id), v]));
    assert.equal(byId.get(approved.body.id).event, 'APPROVED');
    const rejection = byId.get(rejected.body.id);
    assert.equal(rejection.event, 'REJECTED');
    assert.equal(rejection.reason, 'INVALID_FORMAT');
    const fetched = await graph(sim, 'GET', `/${rejected.body.id}?fields=status,rejected_reason`, {
      token: account.access_token,
    });
    assert.equal(fetched.body.rejected_reason, 'INVALID_FORMAT');
  });

  it('edits only approved, rejected or paused templates; approved ones once a day', async () => {
    // Reviews by hand here, so the template is pending exactly as long as the test says.
    sim.updateAccount(account.phone_number_id, { template_review: null });
    const res = await create({
      name: 'order_note',
      language: 'en_US',
      category: 'UTILITY',
      components: [body('Your order is on its way.')],
    });
    const id: string = res.body.id;
    // Pending: Meta refuses the edit.
    let answer = await edit(id, { components: [body('Changed while pending.')] });
    assert.equal(answer.status, 400);
    assert.match(answer.body.error.error_user_msg, /pending/);
    sim.setTemplateStatus(id, 'APPROVED');

    answer = await edit(id, { category: 'MARKETING', components: [body('New text.')] });
    assert.equal(answer.status, 400);
    assert.match(answer.body.error.error_user_msg, /category of an approved template/);

    answer = await edit(id, { components: [body('Your order ships today.')] });
    assert.deepEqual(answer.body, { success: true });
    const pending = await graph(sim, 'GET', `/${id}`, { token: account.access_token });
    assert.equal(pending.body.status, 'PENDING');
    sim.setTemplateStatus(id, 'APPROVED');

    // Approved again, but edited less than 24 hours ago.
    answer = await edit(id, { components: [body('A third text.')] });
    assert.equal(answer.status, 400);
    assert.match(
      answer.body.error.error_user_msg,
      /once in 24 hours; the next edit is possible at/,
    );

    // Rejected templates can be edited again and again.
    sim.setTemplateStatus(id, 'REJECTED', 'INVALID_FORMAT');
    for (const text of ['Fix one.', 'Fix two.']) {
      assert.deepEqual((await edit(id, { components: [body(text)] })).body, { success: true });
      sim.setTemplateStatus(id, 'REJECTED', 'INVALID_FORMAT');
    }
  });

  it('keeps a deleted name for 30 days', async () => {
    const template = {
      name: 'gone_soon',
      language: 'en_US',
      category: 'UTILITY',
      components: [body('Hello there')],
    };
    assert.equal((await create(template)).status, 200);
    const del = await graph(sim, 'DELETE', `/${account.waba_id}/message_templates?name=gone_soon`, {
      token: account.access_token,
    });
    assert.deepEqual(del.body, { success: true });
    const again = await create(template);
    assert.equal(again.status, 400);
    assert.equal(again.body.error.error_subcode, 2388023);
    assert.match(again.body.error.error_user_msg, /being deleted/);
    assert.equal((await create({ ...template, language: 'es' })).status, 200);
  });

  it('sends quality and category webhooks on demand', async () => {
    const template = sim.addTemplate({
      waba_id: account.waba_id,
      name: 'promo',
      language: 'en_US',
      category: 'UTILITY',
    });
    let res = await admin(sim, 'POST', `/templates/${template.id}/quality`, {
      quality_score: 'YELLOW',
    });
    assert.equal(res.status, 200);
    res = await admin(sim, 'POST', `/templates/${template.id}/category`, {
      category: 'MARKETING',
      impending: true,
    });
    assert.equal(res.body.category, 'UTILITY');
    res = await admin(sim, 'POST', `/templates/${template.id}/category`, { category: 'MARKETING' });
    assert.equal(res.body.category, 'MARKETING');
    await waitFor(() => hooks('template_category_update').length === 2);
    assert.deepEqual(hooks('message_template_quality_update'), [
      {
        previous_quality_score: 'UNKNOWN',
        new_quality_score: 'YELLOW',
        message_template_id: Number(template.id),
        message_template_name: 'promo',
        message_template_language: 'en_US',
      },
    ]);
    const [impending, completed] = hooks('template_category_update');
    assert.equal(impending.correct_category, 'MARKETING');
    assert.equal(impending.new_category, 'UTILITY');
    assert.equal(typeof impending.category_update_timestamp, 'number');
    assert.deepEqual(completed, {
      message_template_id: Number(template.id),
      message_template_name: 'promo',
      message_template_language: 'en_US',
      previous_category: 'UTILITY',
      new_category: 'MARKETING',
    });
    const fetched = await graph(
      sim,
      'GET',
      `/${template.id}?fields=quality_score,previous_category`,
      {
        token: account.access_token,
      },
    );
    assert.deepEqual(fetched.body.quality_score, { score: 'YELLOW' });
    assert.equal(fetched.body.previous_category, 'UTILITY');
    assert.equal(
      (await admin(sim, 'POST', `/templates/${template.id}/quality`, { quality_score: 'BLUE' }))
        .status,
      400,
    );
  });

  describe('Resumable Upload API', () => {
    const start = (query: string, token = account.access_token) =>
      graph(sim, 'POST', `/${APP_ID}/uploads?${query}`, { token });
    const rawPost = async (id: string, data: Buffer, offset: number, scheme: string) => {
      const response = await fetch(`${sim.url}/v23.0/${id}`, {
        method: 'POST',
        headers: {
          authorization: `${scheme} ${account.access_token}`,
          file_offset: String(offset),
          'content-type': 'application/octet-stream',
        },
        body: new Uint8Array(data),
      });
      return { status: response.status, body: await response.json() };
    };

    it('takes a file in parts and gives a handle for a media header', async () => {
      const session = await start(
        `file_name=logo.jpg&file_length=${JPEG.length}&file_type=image/jpeg`,
      );
      assert.equal(session.status, 200);
      assert.match(session.body.id, /^upload:/);
      const id: string = session.body.id;
      let res = await rawPost(id, JPEG.subarray(0, 5), 0, 'OAuth');
      assert.deepEqual(res.body, { id, file_offset: 5 });
      res = await rawPost(id, JPEG.subarray(5), 3, 'OAuth');
      assert.equal(res.status, 400);
      assert.match(res.body.error.error_user_msg, /file_offset 5/);
      const resumed = await graph(sim, 'GET', `/${id}`, {
        headers: { authorization: `OAuth ${account.access_token}` },
      });
      assert.deepEqual(resumed.body, { id, file_offset: 5 });
      res = await rawPost(id, JPEG.subarray(5), 5, 'OAuth');
      assert.equal(res.status, 200);
      const handle: string = res.body.h;
      assert.match(handle, /^4::/);

      const header = (format: string, h: string) => ({
        type: 'HEADER',
        format,
        example: { header_handle: [h] },
      });
      const template = (name: string, format: string, h: string) => ({
        name,
        language: 'en_US',
        category: 'MARKETING',
        components: [header(format, h), body('Our new menu is here.')],
      });
      assert.equal((await create(template('with_image', 'IMAGE', handle))).status, 200);
      const wrongKind = await create(template('with_video', 'VIDEO', handle));
      assert.match(wrongKind.body.error.error_user_msg, /sample is image\/jpeg/);
      const unknown = await create(template('with_fake', 'IMAGE', '4::bogus'));
      assert.match(unknown.body.error.error_user_msg, /Resumable Upload API/);
    });

    it('checks the session’s parameters, the token and its scheme', async () => {
      assert.equal((await start('file_length=10&file_type=image/gif')).status, 400);
      assert.equal((await start('file_type=image/png')).status, 400);
      assert.equal((await start('file_length=10&file_type=image/png', 'wrong-token')).status, 401);
      const other = sim.addAccount(accountInput());
      const session = await start(`file_length=${JPEG.length}&file_type=image/jpeg`);
      const bearer = await rawPost(session.body.id, JPEG, 0, 'Bearer');
      assert.equal(bearer.status, 401);
      assert.match(bearer.body.error.message, /OAuth/);
      const stranger = await fetch(`${sim.url}/v23.0/${session.body.id}`, {
        method: 'POST',
        headers: {
          authorization: `OAuth ${other.access_token}`,
          file_offset: '0',
          'content-type': 'application/octet-stream',
        },
        body: new Uint8Array(JPEG),
      });
      assert.equal(stranger.status, 400);
    });
  });
});
