import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Account, Simulator } from '../src/index.ts';
import { accountInput, field, graph, startSimulator } from './helpers.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);

function form(
  fields: Record<string, string>,
  file?: { data: Buffer; type: string; name: string },
): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  if (file) data.set('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
  return data;
}

describe('message templates', () => {
  let sim: Simulator;
  let account: Account;
  const list = (query = '') =>
    graph(sim, 'GET', `/${account.waba_id}/message_templates${query}`, {
      token: account.access_token,
    });

  before(async () => {
    sim = await startSimulator();
    account = sim.addAccount(accountInput());
    for (const [name, status] of [
      ['alpha', 'APPROVED'],
      ['beta', 'APPROVED'],
      ['gamma', 'PENDING'],
      ['delta', 'REJECTED'],
      ['epsilon', 'APPROVED'],
    ] as const) {
      sim.addTemplate({
        waba_id: account.waba_id,
        name,
        language: 'en_US',
        category: 'MARKETING',
        status,
      });
    }
  });
  after(() => sim.close());

  it('lists with cursor paging (limit, after, before)', async () => {
    const all = await list();
    assert.deepEqual(all.body.data.map(field('name')), [
      'alpha',
      'beta',
      'gamma',
      'delta',
      'epsilon',
    ]);
    const first = all.body.data[0];
    assert.deepEqual(Object.keys(first).sort(), [
      'category',
      'components',
      'id',
      'language',
      'name',
      'parameter_format',
      'status',
    ]);
    const page1 = await list('?limit=2');
    assert.deepEqual(page1.body.data.map(field('name')), ['alpha', 'beta']);
    assert.match(page1.body.paging.cursors.after, /^[A-Za-z0-9+/]+(ZD)*$/);
    assert.equal(page1.body.paging.previous, undefined);
    const page2 = await graph(sim, 'GET', page1.body.paging.next, { token: account.access_token });
    assert.deepEqual(page2.body.data.map(field('name')), ['gamma', 'delta']);
    const page3 = await list(`?limit=2&after=${page2.body.paging.cursors.after}`);
    assert.deepEqual(page3.body.data.map(field('name')), ['epsilon']);
    assert.equal(page3.body.paging.next, undefined);
    const back = await list(`?limit=2&before=${page2.body.paging.cursors.before}`);
    assert.deepEqual(back.body.data.map(field('name')), ['alpha', 'beta']);
    assert.equal((await list('?limit=0')).status, 400);
    assert.equal((await list('?after=!!!')).status, 400);
  });

  it('filters by name, status, category and honours fields', async () => {
    assert.deepEqual((await list('?name=alp')).body.data.map(field('name')), ['alpha']);
    assert.deepEqual((await list('?status=APPROVED&limit=10')).body.data.map(field('name')), [
      'alpha',
      'beta',
      'epsilon',
    ]);
    assert.deepEqual((await list('?name=nothing')).body, { data: [] });
    const fields = await list('?fields=name,status&limit=1');
    assert.deepEqual(fields.body.data[0], {
      name: 'alpha',
      status: 'APPROVED',
      id: fields.body.data[0].id,
    });
  });

  it('creates templates as PENDING and validates them like Meta', async () => {
    const create = (body: unknown) =>
      graph(sim, 'POST', `/${account.waba_id}/message_templates`, {
        token: account.access_token,
        body,
      });
    const valid = {
      name: 'shipping_note',
      language: 'en_US',
      category: 'utility',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1'] } },
        {
          type: 'BODY',
          text: 'Hi {{1}}, it ships {{2}}.',
          example: { body_text: [['Ana', 'today']] },
        },
        { type: 'FOOTER', text: 'Thanks' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'OK' }] },
      ],
    };
    const res = await create(valid);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { id: res.body.id, status: 'PENDING', category: 'UTILITY' });
    const fetched = await graph(sim, 'GET', `/${res.body.id}`, { token: account.access_token });
    assert.equal(fetched.body.name, 'shipping_note');
    assert.equal(fetched.body.status, 'PENDING');
    const dup = await create(valid);
    assert.equal(dup.status, 400);
    assert.equal(dup.body.error.code, 100);
    assert.equal(dup.body.error.error_subcode, 2388024);
    assert.equal((await create({ ...valid, name: 'Bad Name' })).body.error.code, 100);
    assert.equal((await create({ ...valid, name: 'x1', category: 'SPAM' })).body.error.code, 100);
    assert.equal(
      (await create({ ...valid, name: 'x2', category: undefined })).body.error.code,
      100,
    );
    const noExample = await create({
      ...valid,
      name: 'x3',
      components: [{ type: 'BODY', text: 'Hi {{1}}' }],
    });
    assert.equal(noExample.status, 400);
    assert.match(noExample.body.error.error_user_msg, /sample/);
  });

  it('deletes by name (every language) or by name + hsm_id', async () => {
    const ids = ['en_US', 'es', 'pt_BR'].map(
      (language) =>
        sim.addTemplate({ waba_id: account.waba_id, name: 'multi', language, category: 'UTILITY' })
          .id,
    );
    const del = (query: string) =>
      graph(sim, 'DELETE', `/${account.waba_id}/message_templates${query}`, {
        token: account.access_token,
      });
    let res = await del(`?name=multi&hsm_id=${ids[0]}`);
    assert.deepEqual(res.body, { success: true });
    assert.deepEqual((await list('?name=multi')).body.data.map(field('language')), ['es', 'pt_BR']);
    res = await del('?name=multi');
    assert.deepEqual(res.body, { success: true });
    assert.deepEqual((await list('?name=multi')).body, { data: [] });
    assert.equal((await del('?name=multi')).status, 400);
    res = await del('');
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /name/);
  });
});

describe('media', () => {
  let sim: Simulator;
  let account: Account;
  let other: Account;
  const upload = (data: FormData, acc: Account = account) =>
    graph(sim, 'POST', `/${acc.phone_number_id}/media`, { token: acc.access_token, form: data });

  before(async () => {
    sim = await startSimulator();
    account = sim.addAccount(accountInput());
    other = sim.addAccount(accountInput());
  });
  after(() => sim.close());

  it('uploads, describes, downloads and deletes media', async () => {
    const res = await upload(
      form(
        { messaging_product: 'whatsapp', type: 'image/png' },
        { data: PNG, type: 'image/png', name: 'a.png' },
      ),
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.body.id, /^\d+$/);
    const info = await graph(sim, 'GET', `/${res.body.id}`, { token: account.access_token });
    assert.deepEqual(info.body, {
      messaging_product: 'whatsapp',
      url: info.body.url,
      mime_type: 'image/png',
      sha256: createHash('sha256').update(PNG).digest('hex'),
      file_size: String(PNG.length),
      id: res.body.id,
    });
    assert.ok(
      info.body.url.startsWith(`${sim.url}/whatsapp_business/attachments/?mid=${res.body.id}&`),
    );
    const download = await fetch(info.body.url, {
      headers: { authorization: `Bearer ${account.access_token}` },
    });
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG);
    const noToken = await fetch(info.body.url);
    assert.equal(noToken.status, 401);
    const otherToken = await fetch(info.body.url, {
      headers: { authorization: `Bearer ${other.access_token}` },
    });
    assert.equal(otherToken.status, 404);
    const tampered = await fetch(
      info.body.url.replace(/hash=[^&]+/, 'hash=AAAAAAAAAAAAAAAAAAAAAA'),
      {
        headers: { authorization: `Bearer ${account.access_token}` },
      },
    );
    assert.equal(tampered.status, 404);
    assert.equal(
      (await graph(sim, 'GET', `/${res.body.id}`, { token: other.access_token })).body.error.code,
      100,
    );
    assert.equal(
      (
        await graph(sim, 'GET', `/${res.body.id}?phone_number_id=${other.phone_number_id}`, {
          token: account.access_token,
        })
      ).status,
      400,
    );
    const deleted = await graph(sim, 'DELETE', `/${res.body.id}`, { token: account.access_token });
    assert.deepEqual(deleted.body, { success: true });
    const gone = await graph(sim, 'GET', `/${res.body.id}`, { token: account.access_token });
    assert.equal(gone.status, 400);
    assert.equal(gone.body.error.error_subcode, 33);
  });

  it('takes the MIME type from the file part when `type` is absent', async () => {
    const res = await upload(
      form({ messaging_product: 'whatsapp' }, { data: JPEG, type: 'image/jpeg', name: 'a.jpg' }),
    );
    assert.equal(res.status, 200);
    const info = await graph(sim, 'GET', `/${res.body.id}`, { token: account.access_token });
    assert.equal(info.body.mime_type, 'image/jpeg');
  });

  it('answers 131053 for unsupported types, MIME mismatches and files over the limits', async () => {
    const expect131053 = async (data: FormData, pattern: RegExp) => {
      const res = await upload(data);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 131053);
      assert.equal(res.body.error.message, '(#131053) Media upload error');
      assert.match(res.body.error.error_data.details, pattern);
    };
    await expect131053(
      form(
        { messaging_product: 'whatsapp', type: 'image/gif' },
        { data: Buffer.from('GIF89a'), type: 'image/gif', name: 'a.gif' },
      ),
      /types/,
    );
    await expect131053(
      form(
        { messaging_product: 'whatsapp', type: 'image/png' },
        { data: JPEG, type: 'image/png', name: 'a.png' },
      ),
      /mismatch/,
    );
    await expect131053(
      form(
        { messaging_product: 'whatsapp', type: 'image/jpeg' },
        { data: PNG, type: 'image/png', name: 'a.png' },
      ),
      /mismatch/,
    );
    const bigImage = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    await expect131053(
      form(
        { messaging_product: 'whatsapp', type: 'image/png' },
        { data: bigImage, type: 'image/png', name: 'a.png' },
      ),
      /too large/,
    );
    const webp = Buffer.concat([
      Buffer.from('RIFF\0\0\0\0WEBPVP8L', 'latin1'),
      Buffer.alloc(101 * 1024),
    ]);
    await expect131053(
      form(
        { messaging_product: 'whatsapp', type: 'image/webp' },
        { data: webp, type: 'image/webp', name: 's.webp' },
      ),
      /too large/,
    );
    const animated = Buffer.concat([
      Buffer.from('RIFF\0\0\0\0WEBPVP8XANIM', 'latin1'),
      Buffer.alloc(101 * 1024),
    ]);
    assert.equal(
      (
        await upload(
          form(
            { messaging_product: 'whatsapp', type: 'image/webp' },
            { data: animated, type: 'image/webp', name: 's.webp' },
          ),
        )
      ).status,
      200,
    );
  });

  it('requires messaging_product and file', async () => {
    let res = await upload(
      form({ type: 'image/png' }, { data: PNG, type: 'image/png', name: 'a.png' }),
    );
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /messaging_product/);
    res = await upload(form({ messaging_product: 'whatsapp', type: 'image/png' }));
    assert.equal(res.status, 400);
    assert.match(res.body.error.message, /file/);
    res = await graph(sim, 'POST', `/${account.phone_number_id}/media`, {
      token: account.access_token,
      body: { messaging_product: 'whatsapp' },
    });
    assert.equal(res.status, 400);
  });

  it('media URLs expire (404 after the TTL)', async () => {
    const short = await startSimulator({ media_url_ttl_ms: -5000 });
    try {
      const acc = short.addAccount(accountInput());
      const res = await graph(short, 'POST', `/${acc.phone_number_id}/media`, {
        token: acc.access_token,
        form: form(
          { messaging_product: 'whatsapp', type: 'image/png' },
          { data: PNG, type: 'image/png', name: 'a.png' },
        ),
      });
      const info = await graph(short, 'GET', `/${res.body.id}`, { token: acc.access_token });
      const expired = await fetch(info.body.url, {
        headers: { authorization: `Bearer ${acc.access_token}` },
      });
      assert.equal(expired.status, 404);
      assert.match((await expired.json()).error.message, /expired/);
    } finally {
      await short.close();
    }
  });
});
