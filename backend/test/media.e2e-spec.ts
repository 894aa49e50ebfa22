import { type InboundInput } from '@convis/graph-simulator';
import { eq } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type MediaFile, mediaFiles, messages } from '../src/database/schema.js';
import { EventsService } from '../src/events/events.service.js';
import { JobQueue } from '../src/jobs/job-queue.service.js';
import { DOWNLOAD_QUEUE } from '../src/media/media-downloader.service.js';
import { MediaRetention } from '../src/media/media-retention.service.js';
import { registerAdmin, type SignedInUser } from './support/factories.js';
import { seedContact, seedMessage } from './support/message-factory.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { connectSse, dataOf, type SseConnection, type SseFrame } from './support/sse-client.js';
import { SAMPLE_DATA } from './support/live-events.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { connectAccount, listen, settle, waitFor } from './support/webhooks.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
const MAX_BYTES = 65_536;

/** Reads a binary answer whatever its content type (supertest's `res` is the response stream). */
function binary(res: unknown, callback: (error: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('inbound media', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let other: SignedInUser;
  let number: SimulatedNumber;
  let accountId: string;
  let baseUrl: string;

  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(
      simulatorEnv(simulator, {
        // Each Graph call fails at once (no retry inside the call): the job's own retries show.
        GRAPH_API_MAX_RETRIES: '0',
        MEDIA_DOWNLOAD_ATTEMPTS: '3',
        // The shortest pg-boss allows: retries after 1–2 s, then 2–4 s; workers poll every 0.5 s.
        MEDIA_RETRY_BASE_MS: '1000',
        MEDIA_POLL_INTERVAL_MS: '500',
        MEDIA_MAX_BYTES: String(MAX_BYTES),
      }),
    );
    baseUrl = await listen(t);
    admin = await registerAdmin(t, { organization: 'Media Org' });
    other = await registerAdmin(t, { organization: 'Other Org' });
    number = addNumber(simulator);
    const account = await connectAccount(t, admin, number);
    accountId = account.id;
    simulator.updateAccount(number.phone_number_id, {
      webhook_url: `${baseUrl}${account.callbackPath}`,
    });
  });
  afterEach(async () => {
    await fetch(`${simulator.url}/_sim/faults`, { method: 'DELETE' });
  });
  afterAll(async () => {
    await t.close();
    await simulator.close();
  });

  /** A customer sends media; resolves with its message and media file rows once stored. */
  async function receive(input: Partial<InboundInput>) {
    const result = simulator.inbound({
      phone_number_id: number.phone_number_id,
      from: '+16505550142',
      profile_name: 'Ida',
      ...input,
    } as InboundInput);
    const message = await waitFor('the inbound message', async () => {
      const [row] = await t.db
        .select()
        .from(messages)
        .where(eq(messages.waMessageId, result.message_id));
      return row;
    });
    const file = await waitFor('its media file', async () => {
      const [row] = await t.db
        .select()
        .from(mediaFiles)
        .where(eq(mediaFiles.messageId, message.id));
      return row;
    });
    return { result, message, file };
  }
  const fileOf = async (id: string): Promise<MediaFile> =>
    (await t.db.select().from(mediaFiles).where(eq(mediaFiles.id, id)))[0]!;
  const until = (id: string, status: MediaFile['status']) =>
    waitFor(
      `media ${status}`,
      async () => {
        const file = await fileOf(id);
        return file.status === status ? file : undefined;
      },
      // Up to two pg-boss retries with backoff (1–2 s, then 2–4 s), on a busy machine.
      20_000,
    );
  const jobsOf = (id: string) => t.app.get(JobQueue).find(DOWNLOAD_QUEUE, id);
  const download = (id: string, user: SignedInUser = admin) =>
    t.http.get(`/api/whatsapp/media/${id}`).set(user.auth).buffer(true).parse(binary);

  it('retries a failed download, then stores the file and serves it to the organization', async () => {
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'media_download',
      kind: '5xx',
      count: 1,
    });
    const { file } = await receive({
      type: 'image',
      image: { caption: 'Receipt', mime_type: 'image/png', data_base64: PNG.toString('base64') },
    });
    const stored = await until(file.id, 'stored');
    // One job for the file, retried once by pg-boss (which marks it completed just after the
    // handler returns, so that is awaited).
    await waitFor('the download job to end', async () =>
      (await jobsOf(file.id)).every((job) => job.state !== 'active' && job.state !== 'retry'),
    );
    expect(await jobsOf(file.id)).toEqual([{ state: 'completed', retryCount: 1 }]);
    expect(stored).toMatchObject({
      attempts: 2,
      lastError: null,
      mimeType: 'image/png',
      fileSize: PNG.length,
      storageKey: `${admin.organizationId}/${file.id}`,
    });
    expect(
      t.logs.some(
        (line) =>
          line.includes('Inbound media download failed; retrying later') && line.includes(file.id),
      ),
    ).toBe(true);
    // Under a key we made, inside MEDIA_DIR.
    expect(readFileSync(join(t.config.media.dir, admin.organizationId, file.id))).toEqual(PNG);

    const response = await download(file.id).expect(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-length']).toBe(String(PNG.length));
    expect(response.headers['content-disposition']).toBe('inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toEqual(PNG);
  });

  it('answers 409 while the file is still being downloaded', async () => {
    // Meta's media endpoint hangs past the client's timeout once; the retry succeeds.
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'media',
      kind: 'timeout',
      hold_ms: 3000,
    });
    const { file } = await receive({ type: 'audio', audio: { voice: true } });
    const pending = await t.http.get(`/api/whatsapp/media/${file.id}`).set(admin.auth).expect(409);
    expect(pending.body).toMatchObject({
      status_code: 409,
      message: 'The file is still being downloaded from WhatsApp. Try again in a few seconds.',
    });
    const stored = await until(file.id, 'stored');
    expect(stored.attempts).toBe(2);
    const response = await download(file.id).expect(200);
    expect(response.headers['content-type']).toBe(stored.mimeType);
  });

  it('serves documents as attachments under their sanitized file name', async () => {
    const { file } = await receive({
      type: 'document',
      document: {
        filename: '../../Inv"oice; 2026.pdf',
        mime_type: 'application/pdf',
        data_base64: PDF.toString('base64'),
      },
    });
    await until(file.id, 'stored');
    const response = await download(file.id).expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="Invoice 2026.pdf"; filename*=UTF-8''Invoice%202026.pdf`,
    );
    expect(response.body).toEqual(PDF);
  });

  it('gives up after MEDIA_DOWNLOAD_ATTEMPTS, keeps the message, and answers 410', async () => {
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'media_download',
      kind: '5xx',
      count: 10,
    });
    const { file, message } = await receive({
      type: 'video',
      video: { caption: 'Broken clip' },
    });
    const failed = await until(file.id, 'failed');
    expect(failed.attempts).toBe(3);
    expect(failed.lastError).toMatch(/\(2\)/);
    // The job layer ran the retries: one job, run three times (retryCount 0, 1, 2), each failure
    // logged as a retry except the last, which settled the file and ended the job (pg-boss marks
    // it completed just after the handler returns, so that is awaited).
    await waitFor('the download job to end', async () =>
      (await jobsOf(file.id)).every((job) => job.state !== 'active' && job.state !== 'retry'),
    );
    expect(await jobsOf(file.id)).toEqual([{ state: 'completed', retryCount: 2 }]);
    const retries = t.logs.filter(
      (line) =>
        line.includes('Inbound media download failed; retrying later') && line.includes(file.id),
    );
    expect(retries).toHaveLength(2);
    expect(retries.map((line) => (JSON.parse(line) as { retry: number }).retry)).toEqual([1, 2]);
    const [kept] = await t.db.select().from(messages).where(eq(messages.id, message.id));
    expect(kept).toMatchObject({ status: 'received', previewText: 'Broken clip' });
    const gone = await t.http.get(`/api/whatsapp/media/${file.id}`).set(admin.auth).expect(410);
    expect(gone.body.message).toMatch(/^The file could not be downloaded from WhatsApp: /);
  });

  it('removes files after MEDIA_RETENTION_DAYS (90), keeps the message, and says why', async () => {
    const { file, message } = await receive({
      type: 'image',
      image: {
        caption: 'Old receipt',
        mime_type: 'image/png',
        data_base64: PNG.toString('base64'),
      },
    });
    const fresh = await receive({
      type: 'image',
      image: {
        caption: 'New receipt',
        mime_type: 'image/png',
        data_base64: PNG.toString('base64'),
      },
    });
    await until(file.id, 'stored');
    await until(fresh.file.id, 'stored');
    const onDisk = join(t.config.media.dir, admin.organizationId, file.id);
    expect(existsSync(onDisk)).toBe(true);
    // 91 days old: past the retention.
    await t.db
      .update(mediaFiles)
      .set({ createdAt: new Date(Date.now() - 91 * 86_400_000) })
      .where(eq(mediaFiles.id, file.id));

    expect(await t.app.get(MediaRetention).prune()).toBe(1);

    expect(await fileOf(file.id)).toMatchObject({ status: 'expired', storageKey: null });
    expect(existsSync(onDisk)).toBe(false);
    expect((await fileOf(fresh.file.id)).status).toBe('stored');
    const gone = await t.http.get(`/api/whatsapp/media/${file.id}`).set(admin.auth).expect(410);
    expect(gone.body.message).toMatch(/removed 90 days after it arrived \(MEDIA_RETENTION_DAYS\)/);
    const listed = await t.http
      .get('/api/whatsapp/media')
      .query({ message_id: message.id })
      .set(admin.auth)
      .expect(200);
    expect(listed.body[0]).toMatchObject({ status: 'expired', size_bytes: null });
    const [kept] = await t.db.select().from(messages).where(eq(messages.id, message.id));
    expect(kept).toMatchObject({ previewText: 'Old receipt' });
    await download(fresh.file.id).expect(200);
  });

  it('does not download files over MEDIA_MAX_BYTES (no retries)', async () => {
    const large = Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]);
    const { file } = await receive({
      type: 'image',
      image: { mime_type: 'image/png', data_base64: large.toString('base64') },
    });
    const failed = await until(file.id, 'failed');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/MEDIA_MAX_BYTES/);
  });

  it('lists the media files of messages, with their download state, for the organization only', async () => {
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'media',
      kind: 'timeout',
      hold_ms: 3000,
    });
    const pending = await receive({
      type: 'document',
      document: {
        filename: 'Quote.pdf',
        mime_type: 'application/pdf',
        data_base64: PDF.toString('base64'),
      },
    });
    const text = simulator.inbound({
      phone_number_id: number.phone_number_id,
      from: '+16505550142',
      type: 'text',
      text: { body: 'And a text' },
    });
    const textRow = await waitFor('the text message', async () => {
      const [row] = await t.db
        .select()
        .from(messages)
        .where(eq(messages.waMessageId, text.message_id));
      return row;
    });
    const list = (user: SignedInUser, ids: string) =>
      t.http.get('/api/whatsapp/media').query({ message_id: ids }).set(user.auth);

    const whilePending = await list(admin, `${textRow.id},${pending.message.id}`).expect(200);
    expect(whilePending.body).toEqual([
      {
        id: pending.file.id,
        message_id: pending.message.id,
        status: 'pending',
        mime_type: 'application/pdf',
        size_bytes: null,
        filename: 'Quote.pdf',
        error: null,
      },
    ]);

    await until(pending.file.id, 'stored');
    const stored = await t.http
      .get(`/api/whatsapp/media?message_id=${pending.message.id}&message_id=${textRow.id}`)
      .set(admin.auth)
      .expect(200);
    expect(stored.body).toEqual([
      expect.objectContaining({ id: pending.file.id, status: 'stored', size_bytes: PDF.length }),
    ]);

    expect((await list(other, pending.message.id).expect(200)).body).toEqual([]);
    const invalid = await list(admin, 'not-a-uuid').expect(400);
    expect(invalid.body.details).toEqual([
      {
        field: 'message_id',
        messages: [expect.stringMatching(/^message_id must list 1 to 100 message ids/)],
      },
    ]);
    await t.http.get('/api/whatsapp/media').set(admin.auth).expect(400);
    await t.http.get('/api/whatsapp/media').query({ message_id: pending.message.id }).expect(401);
  });

  describe('live events', () => {
    const streams: SseConnection[] = [];
    const isMedia = (frame: SseFrame) => frame.event?.startsWith('media.') ?? false;
    const connect = async (user: SignedInUser) => {
      const stream = await connectSse(`${baseUrl}/api/events`, user.auth);
      streams.push(stream);
      await stream.next((frame) => frame.event === 'ready');
      return stream;
    };
    /** Proves `stream` got nothing before: a marker published now is the next frame it sees. */
    const expectNothingBefore = async (stream: SseConnection, user: SignedInUser) => {
      await t.app.get(EventsService).publish({
        type: 'template.changed',
        organizationId: user.organizationId,
        data: { ...SAMPLE_DATA['template.changed'](1), template_id: 'marker' },
      });
      const next = await stream.next((frame) => frame.event !== undefined);
      expect(dataOf(next)).toMatchObject({
        type: 'template.changed',
        data: { template_id: 'marker' },
      });
    };
    afterEach(() => {
      for (const stream of streams.splice(0)) stream.close();
    });

    it("tells the organization's consoles when a file is stored (only once, after the retries), and no one else", async () => {
      const mine = await connect(admin);
      const theirs = await connect(other);
      simulator.addFault({
        phone_number_id: number.phone_number_id,
        endpoint: 'media_download',
        kind: '5xx',
        count: 1,
      });
      const { file, message } = await receive({
        type: 'image',
        image: { mime_type: 'image/png', data_base64: PNG.toString('base64') },
      });
      await until(file.id, 'stored');

      const event = await mine.next(isMedia, 10_000);
      expect(event.event).toBe('media.stored');
      expect(dataOf(event)).toEqual({
        type: 'media.stored',
        data: {
          media_id: file.id,
          message_id: message.id,
          contact_id: message.contactId,
          status: 'stored',
          mime_type: 'image/png',
          size_bytes: PNG.length,
        },
        occurred_at: expect.any(String),
      });
      await expectNothingBefore(theirs, other);
      // The failed first attempt published nothing: the stored event was the only one.
      expect(mine.frames.filter(isMedia)).toHaveLength(1);
    });

    it('tells when a download gave up, with a short reason', async () => {
      const mine = await connect(admin);
      const theirs = await connect(other);
      const large = Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]);
      const { file, message } = await receive({
        type: 'image',
        image: { mime_type: 'image/png', data_base64: large.toString('base64') },
      });
      await until(file.id, 'failed');

      const event = await mine.next(isMedia, 10_000);
      expect(event.event).toBe('media.failed');
      expect(dataOf(event)).toMatchObject({
        type: 'media.failed',
        data: {
          media_id: file.id,
          message_id: message.id,
          contact_id: message.contactId,
          status: 'failed',
          mime_type: 'image/png',
          size_bytes: null,
          reason: expect.stringMatching(/more than MEDIA_MAX_BYTES/),
        },
      });
      await expectNothingBefore(theirs, other);
    });
  });

  it('gives up through the dead letter queue when the last attempt ends without settling the file', async () => {
    // Every download attempt fails. The handler gives up by the file's own count of attempts; a
    // run it did not count (its worker died before counting) leaves that count short on the job's
    // last run, which then fails the job: pg-boss moves it to the dead letter queue, whose handler
    // marks the file failed with its last error.
    simulator.addFault({
      phone_number_id: number.phone_number_id,
      endpoint: 'media_download',
      kind: '5xx',
      count: 10,
    });
    const mine = await connectSse(`${baseUrl}/api/events`, admin.auth);
    try {
      await mine.next((frame) => frame.event === 'ready');
      const { file, message } = await receive({ type: 'image', image: { caption: 'Lost' } });
      await waitFor('the first failed attempt', async () => {
        const row = await fileOf(file.id);
        return row.attempts === 1 && row.lastError !== null ? row : undefined;
      });
      await t.db.update(mediaFiles).set({ attempts: 0 }).where(eq(mediaFiles.id, file.id));

      // The two retries (1–2 s, then 2–4 s), then the dead letter worker's poll (every 30 s).
      const failed = await waitFor(
        'the dead letter handler to mark the file failed',
        async () => {
          const row = await fileOf(file.id);
          return row.status === 'failed' ? row : undefined;
        },
        50_000,
      );
      expect(failed).toMatchObject({ attempts: 2, storageKey: null });
      expect(failed.lastError).toMatch(/\(2\)/);
      await waitFor('the download job to end', async () =>
        (await jobsOf(file.id)).every((job) => job.state !== 'active' && job.state !== 'retry'),
      );
      // pg-boss failed the job after its three runs; the dead letter handler marked the file.
      expect(await jobsOf(file.id)).toEqual([{ state: 'failed', retryCount: 2 }]);
      expect(
        t.logs.some(
          (line) =>
            line.includes('Inbound media could not be downloaded: gave up') &&
            line.includes(file.id) &&
            !line.includes('"attempt"'),
        ),
      ).toBe(true);

      // Unavailable everywhere the console looks, with the last reason; the message stays.
      const listed = await t.http
        .get('/api/whatsapp/media')
        .query({ message_id: message.id })
        .set(admin.auth)
        .expect(200);
      expect(listed.body).toEqual([
        expect.objectContaining({
          id: file.id,
          status: 'failed',
          size_bytes: null,
          error: failed.lastError,
        }),
      ]);
      const gone = await t.http.get(`/api/whatsapp/media/${file.id}`).set(admin.auth).expect(410);
      expect(gone.body.message).toBe(
        `The file could not be downloaded from WhatsApp: ${failed.lastError}`,
      );
      const event = await mine.next(
        (frame) => frame.event === 'media.failed' && (frame.data ?? '').includes(file.id),
        10_000,
      );
      expect(dataOf(event)).toMatchObject({
        data: { media_id: file.id, message_id: message.id, status: 'failed' },
      });
      const [kept] = await t.db.select().from(messages).where(eq(messages.id, message.id));
      expect(kept).toMatchObject({ status: 'received', previewText: 'Lost' });
    } finally {
      mine.close();
    }
  }, 70_000);

  describe('photos we uploaded and sent by media id', () => {
    const upload = (file: Buffer, contentType: string) =>
      t.http
        .post('/api/whatsapp/messages/media')
        .set(admin.auth)
        .field('account_id', accountId)
        .attach('file', file, { filename: 'receipt.png', contentType })
        .expect(201);
    const list = (user: SignedInUser, ...ids: string[]) =>
      t.http
        .get('/api/whatsapp/media')
        .query({ message_id: ids.join(',') })
        .set(user.auth);

    it('keeps the upload and shows it with every message that sends it, to the organization only', async () => {
      // The customer writes first: the 24-hour window is open.
      const hello = simulator.inbound({
        phone_number_id: number.phone_number_id,
        from: '+16505550142',
        type: 'text',
        text: { body: 'Send me the receipt' },
      });
      await waitFor('the customer message', async () => {
        const [row] = await t.db
          .select()
          .from(messages)
          .where(eq(messages.waMessageId, hello.message_id));
        return row;
      });
      const mediaId = (await upload(PNG, 'image/png')).body.media_id as string;
      const send = (caption: string) =>
        t.http
          .post('/api/whatsapp/messages')
          .set(admin.auth)
          .send({
            account_id: accountId,
            to: '+16505550142',
            message_type: 'image',
            media: { id: mediaId, caption },
          })
          .expect(201);
      const first = (await send('Your receipt')).body.id as string;
      const again = (await send('Once more')).body.id as string;

      const listed = await list(admin, first, again).expect(200);
      expect(listed.body).toEqual([
        {
          id: expect.any(String),
          message_id: first,
          status: 'stored',
          mime_type: 'image/png',
          size_bytes: PNG.length,
          filename: null,
          error: null,
        },
        expect.objectContaining({ message_id: again, status: 'stored' }),
      ]);
      const fileId = listed.body[0].id as string;
      // One upload sent twice is one file.
      expect(listed.body[1].id).toBe(fileId);
      const picture = await download(fileId).expect(200);
      expect(picture.headers['content-type']).toBe('image/png');
      expect(picture.headers['content-disposition']).toBe('inline');
      expect(picture.body).toEqual(PNG);

      // Another organization sees neither the file nor the messages' media, even with a message
      // of its own that names the same media id.
      await download(fileId, other).expect(404);
      expect((await list(other, first).expect(200)).body).toEqual([]);
      const theirs = await seedMessage(t, {
        contact: await seedContact(t, { organizationId: other.organizationId }),
        messageType: 'image',
        content: { type: 'image', image: { id: mediaId } },
      });
      expect((await list(other, theirs.id).expect(200)).body).toEqual([]);
      expect((await list(admin, theirs.id).expect(200)).body).toEqual([]);
    });

    it('keeps no copy of an upload over MEDIA_MAX_BYTES (the message keeps its placeholder)', async () => {
      const large = Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]);
      const mediaId = (await upload(large, 'image/png')).body.media_id as string;
      expect(
        await t.db.select().from(mediaFiles).where(eq(mediaFiles.metaMediaId, mediaId)),
      ).toEqual([]);
    });

    it('ages uploads out like inbound files: the message then lists the file as expired', async () => {
      const mediaId = (await upload(PNG, 'image/png')).body.media_id as string;
      const [file] = await t.db
        .select()
        .from(mediaFiles)
        .where(eq(mediaFiles.metaMediaId, mediaId));
      expect(file).toMatchObject({
        organizationId: admin.organizationId,
        messageId: null,
        status: 'stored',
      });
      const contact = await seedContact(t, { organizationId: admin.organizationId });
      const sent = await seedMessage(t, {
        contact,
        messageType: 'image',
        content: { type: 'image', image: { id: mediaId } },
      });
      await t.db
        .update(mediaFiles)
        .set({ createdAt: new Date(Date.now() - 91 * 86_400_000) })
        .where(eq(mediaFiles.id, file!.id));

      await t.app.get(MediaRetention).prune();

      expect(existsSync(join(t.config.media.dir, admin.organizationId, file!.id))).toBe(false);
      expect((await list(admin, sent.id).expect(200)).body).toEqual([
        expect.objectContaining({ id: file!.id, status: 'expired', size_bytes: null }),
      ]);
      await download(file!.id).expect(410);
    });
  });

  it('answers 404 to other organizations and unknown ids, 401 without a token', async () => {
    const { file } = await receive({ type: 'sticker', sticker: {} });
    await until(file.id, 'stored');
    await settle(t);
    const foreign = await t.http.get(`/api/whatsapp/media/${file.id}`).set(other.auth).expect(404);
    expect(foreign.body.message).toBe('No such media file in your organization.');
    await t.http
      .get('/api/whatsapp/media/6f1c0d52-8d8e-4a59-9d3e-5a1f1f0b9a11')
      .set(admin.auth)
      .expect(404);
    await t.http.get('/api/whatsapp/media/not-a-uuid').set(admin.auth).expect(404);
    await t.http.get(`/api/whatsapp/media/${file.id}`).expect(401);
  });
});
