import { type InboundInput } from '@convis/graph-simulator';
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { contacts, mediaFiles, messages } from '../src/database/schema.js';
import { EVENTS_CHANNEL } from '../src/events/events.service.js';
import { registerAdmin, type SignedInUser } from './support/factories.js';
import {
  addNumber,
  type SimulatedNumber,
  type Simulator,
  simulatorEnv,
  startSimulator,
} from './support/simulator.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import {
  type ConnectedAccount,
  connectAccount,
  listen,
  messagesWebhook,
  postSigned,
  settle,
  waitFor,
} from './support/webhooks.js';

const GLOBAL_SECRET = 'global-app-secret';
const SHEENA = '16505551234';
const SHEENA_CONTACT = [{ profile: { name: 'Sheena Nelson' }, wa_id: SHEENA }];

/**
 * The inbound examples of Meta's OpenAPI document (business-messaging-api_v23.0.yaml,
 * `/whatsapp/webhooks` request examples), message objects copied as they are, plus the media
 * types and the flow reply the document has no example for (shapes from Meta's webhook reference).
 */
const META_EXAMPLES: Array<{ name: string; message: Record<string, unknown>; preview: string }> = [
  {
    name: 'Text Message',
    message: {
      from: SHEENA,
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      timestamp: '1749416383',
      type: 'text',
      text: { body: 'Does it come in another color?' },
    },
    preview: 'Does it come in another color?',
  },
  {
    name: 'Text Message with Context (Product Inquiry)',
    message: {
      context: {
        from: '15550783881',
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA',
        referred_product: { catalog_id: '194836987003835', product_retailer_id: 'di9ozbzfi4' },
      },
      from: SHEENA,
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTA2NTUwRkNEMDdFQjJCRUU0NQA=',
      timestamp: '1750016800',
      text: { body: 'Is this still available?' },
      type: 'text',
    },
    preview: 'Is this still available?',
  },
  {
    name: 'Text Message from Click to WhatsApp Ad',
    message: {
      referral: {
        source_url: 'https://fb.me/3cr4Wqqkv',
        source_id: '120226305854810726',
        source_type: 'ad',
        body: 'Summer Succulents are here!',
        headline: 'Chat with us',
        media_type: 'image',
        image_url: 'https://scontent.xx.fbcdn.net/v/t45.1...',
        ctwa_clid:
          'Aff-n8ZTODiE79d22KtAwQKj9e_mIEOOj27vDVwFjN80dp4_0NiNhEgpGo0AHemvuSoifXaytfTzcchptiErTKCqTrJ5nW1h7IHYeYymGb5K5J5iTROpBhWAGaIAeUzHL50',
        welcome_message: { text: 'Hi there! Let us know how we can help!' },
      },
      from: SHEENA,
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUQ0N0VFMDA2MTQ0RkJFNkNDNAA=',
      timestamp: '1750275992',
      text: { body: 'Hello! Can I get more info on this?' },
      type: 'text',
    },
    preview: 'Hello! Can I get more info on this?',
  },
  {
    name: 'Reaction Message',
    message: {
      from: SHEENA,
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgB=',
      timestamp: '1749419544',
      type: 'reaction',
      reaction: {
        message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA',
        emoji: '👍',
      },
    },
    preview: '👍',
  },
  {
    name: 'Image Message',
    message: {
      from: SHEENA,
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgC=',
      timestamp: '1744344496',
      type: 'image',
      image: {
        caption: 'Taj Mahal',
        mime_type: 'image/jpeg',
        sha256: 'SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=',
        id: '1003383421387256',
      },
    },
    preview: 'Taj Mahal',
  },
  {
    name: 'Location Message',
    message: {
      from: SHEENA,
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTU2MjZEMDBGRkE3MENEMDE0RQA=',
      timestamp: '1744344496',
      location: {
        address: '101 Forest Ave, Palo Alto, CA 94301',
        latitude: 37.44221496582,
        longitude: -122.16165924072,
        name: 'Philz Coffee',
        url: 'https://philzcoffee.com/',
      },
      type: 'location',
    },
    preview: 'Philz Coffee',
  },
  {
    name: 'Contact Sharing Message',
    message: {
      from: SHEENA,
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgD=',
      timestamp: '1744344496',
      type: 'contacts',
      contacts: [
        {
          name: { first_name: 'Lucía', last_name: 'Gómez', formatted_name: 'Lucía Gómez' },
          org: { company: 'Google' },
          phones: [{ phone: '+1 (983) 555-2319', wa_id: '19835552319', type: 'MOBILE' }],
        },
      ],
    },
    preview: 'Lucía Gómez',
  },
  {
    name: 'Unsupported Message',
    message: {
      from: SHEENA,
      id: 'wamid.HBgLMTQyMDU1NTA3NDkVAgASGBI5N0MwRjg0RTVBNUI1RDA2OTkA',
      timestamp: '1750090702',
      errors: [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ],
      type: 'unsupported',
    },
    preview: '',
  },
  {
    name: 'Button Message',
    message: {
      context: {
        from: '15550783881',
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJFNjk2OTMwNEZCQjhGMzUyQUYA',
      },
      from: SHEENA,
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUU0M0MxQzQzMUJCMTMwNUZFOQA=',
      timestamp: '1750091045',
      type: 'button',
      button: { payload: 'Unsubscribe', text: 'Unsubscribe' },
    },
    preview: 'Unsubscribe',
  },
  {
    name: 'Interactive List Reply Message',
    message: {
      context: {
        from: '15550783881',
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJGMzEyNzhENTZDMzNGODlDRDgA',
      },
      from: SHEENA,
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUJDQ0NDM0FEODY4ODkzOTc5RgA=',
      timestamp: '1749854575',
      type: 'interactive',
      interactive: {
        type: 'list_reply',
        list_reply: {
          id: 'priority_express',
          title: 'Priority Mail Express',
          description: 'Next Day to 2 Days',
        },
      },
    },
    preview: 'Priority Mail Express',
  },
  {
    name: 'Interactive Button Reply Message',
    message: {
      context: {
        from: '15550783881',
        id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA',
      },
      from: SHEENA,
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTZBQzg0MzQ4QjRCM0NGNkVGOAA=',
      timestamp: '1750025136',
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'Cancel' } },
    },
    preview: 'Cancel',
  },
  {
    name: 'Order Message',
    message: {
      from: SHEENA,
      id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTEyQjFGNzI1QTQxMjI5QTMyOQA=',
      timestamp: '1750096325',
      type: 'order',
      order: {
        catalog_id: '194836987003835',
        text: '',
        product_items: [
          { product_retailer_id: 'di9ozbzfi4', quantity: 2, item_price: 30, currency: 'USD' },
          { product_retailer_id: 'nqryix03ez', quantity: 1, item_price: 25, currency: 'USD' },
        ],
      },
    },
    preview: '',
  },
  {
    name: 'Video Message',
    message: {
      from: SHEENA,
      id: 'wamid.VIDEO0001',
      timestamp: '1750100000',
      type: 'video',
      video: {
        caption: 'Unboxing',
        mime_type: 'video/mp4',
        sha256: 'abc=',
        id: '2003383421387256',
      },
    },
    preview: 'Unboxing',
  },
  {
    name: 'Voice Message',
    message: {
      from: SHEENA,
      id: 'wamid.AUDIO0001',
      timestamp: '1750100001',
      type: 'audio',
      audio: {
        mime_type: 'audio/ogg; codecs=opus',
        sha256: 'abc=',
        id: '3003383421387256',
        voice: true,
      },
    },
    preview: '',
  },
  {
    name: 'Document Message',
    message: {
      from: SHEENA,
      id: 'wamid.DOC0001',
      timestamp: '1750100002',
      type: 'document',
      document: {
        caption: 'My invoice',
        filename: 'invoice.pdf',
        mime_type: 'application/pdf',
        sha256: 'abc=',
        id: '4003383421387256',
      },
    },
    preview: 'My invoice',
  },
  {
    name: 'Sticker Message',
    message: {
      from: SHEENA,
      id: 'wamid.STICKER0001',
      timestamp: '1750100003',
      type: 'sticker',
      sticker: { mime_type: 'image/webp', sha256: 'abc=', id: '5003383421387256', animated: false },
    },
    preview: '',
  },
  {
    name: 'Flow Reply Message',
    message: {
      context: { from: '15550783881', id: 'wamid.FLOWSENT0001' },
      from: SHEENA,
      id: 'wamid.FLOW0001',
      timestamp: '1750100004',
      type: 'interactive',
      interactive: {
        type: 'nfm_reply',
        nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"flow_token":"abc","size":"M"}' },
      },
    },
    preview: 'Sent',
  },
];

const SYSTEM_EXAMPLE = {
  from: SHEENA,
  id: 'wamid.HBgLMTk4MzU1NTE5NzQVAgASGAoxMTgyMDg2MjY3AA==',
  timestamp: '1750269342',
  system: {
    body: 'User Sheena Nelson changed from 16505551234 to 12195555358',
    wa_id: '12195555358',
    type: 'user_changed_number',
  },
  type: 'system',
};

describe('inbound messages from webhooks', () => {
  let simulator: Simulator;
  let t: TestApp;
  let admin: SignedInUser;
  let number: SimulatedNumber;
  let account: ConnectedAccount;
  let listener: pg.Client;
  const notifications: Array<{
    type: string;
    organization_id: string;
    data: Record<string, unknown>;
  }> = [];

  beforeAll(async () => {
    simulator = await startSimulator();
    t = await createTestApp(
      simulatorEnv(simulator, { WHATSAPP_APP_SECRET: GLOBAL_SECRET, MEDIA_DOWNLOAD_ATTEMPTS: '1' }),
    );
    const baseUrl = await listen(t);
    admin = await registerAdmin(t);
    number = addNumber(simulator);
    account = await connectAccount(t, admin, number);
    simulator.updateAccount(number.phone_number_id, {
      webhook_url: `${baseUrl}${account.callbackPath}`,
    });
    listener = new pg.Client({ connectionString: t.config.databaseUrl });
    await listener.connect();
    listener.on('notification', (n) => {
      if (n.payload) notifications.push(JSON.parse(n.payload));
    });
    await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  });
  afterAll(async () => {
    await listener.end();
    await t.close();
    await simulator.close();
  });

  const messageByWamid = async (wamid: string) =>
    (await t.db.select().from(messages).where(eq(messages.waMessageId, wamid)))[0];
  const contactOf = async (id: string) =>
    (await t.db.select().from(contacts).where(eq(contacts.id, id)))[0]!;

  describe("every example of Meta's spec", () => {
    beforeAll(async () => {
      for (const example of [...META_EXAMPLES, { message: SYSTEM_EXAMPLE }]) {
        // Delivered one by one to the global URL, routed by phone_number_id.
        await postSigned(
          t,
          '/api/webhooks/whatsapp',
          messagesWebhook(number, {
            ...(example.message.type === 'system' ? {} : { contacts: SHEENA_CONTACT }),
            messages: [example.message],
          }),
          GLOBAL_SECRET,
        ).expect(200);
      }
      await settle(t);
    });

    it.each(META_EXAMPLES.map((e) => [e.name, e] as const))(
      'stores the %s',
      async (_name, example) => {
        const row = await messageByWamid(example.message['id'] as string);
        expect(row).toMatchObject({
          organizationId: admin.organizationId,
          accountId: account.id,
          phoneNumberId: number.phone_number_id,
          direction: 'in',
          status: 'received',
          messageType: example.message['type'],
          previewText: example.preview,
          fromAddress: SHEENA,
          toAddress: `1555555${number.phone_number_id.slice(-4)}`,
          contextWaMessageId:
            (example.message['context'] as { id?: string } | undefined)?.id ?? null,
        });
        // Meta's message object is kept whole: referral, context, errors, order items, flow reply.
        expect(row!.content).toEqual(example.message);
        expect(row!.receivedAt?.getTime()).toBe(Number(example.message['timestamp']) * 1000);
        expect((await contactOf(row!.contactId)).profileName).toBe('Sheena Nelson');
      },
    );

    it('keeps Meta’s error of an unsupported message', async () => {
      const row = await messageByWamid(
        'wamid.HBgLMTQyMDU1NTA3NDkVAgASGBI5N0MwRjg0RTVBNUI1RDA2OTkA',
      );
      expect(row?.error).toMatchObject({ code: 131051 });
    });

    it('queues the media of image, video, voice, document and sticker messages for download', async () => {
      const files = await t.db
        .select()
        .from(mediaFiles)
        .where(eq(mediaFiles.organizationId, admin.organizationId));
      const ids = files.map((f) => f.metaMediaId);
      for (const id of [
        '1003383421387256',
        '2003383421387256',
        '3003383421387256',
        '4003383421387256',
        '5003383421387256',
      ])
        expect(ids).toContain(id);
      expect(files.find((f) => f.metaMediaId === '4003383421387256')).toMatchObject({
        filename: 'invoice.pdf',
        mimeType: 'application/pdf',
      });
    });

    it('stores a system message without counting it as the customer writing', async () => {
      const row = await messageByWamid(SYSTEM_EXAMPLE.id);
      expect(row).toMatchObject({
        messageType: 'system',
        previewText: SYSTEM_EXAMPLE.system.body,
        fromAddress: SHEENA,
      });
      const contact = await contactOf(row!.contactId);
      // One unread per customer message, none for the system notice; the window opened at the
      // latest customer message (the ad reply), not at the later system notice.
      expect(contact.unreadCount).toBe(META_EXAMPLES.length);
      expect(contact.lastInboundAt?.getTime()).toBe(1750275992 * 1000);
    });
  });

  describe('signed deliveries from the simulator', () => {
    const sent: Array<{ input: Partial<InboundInput>; type: string; preview: string }> = [
      { input: { type: 'text', text: 'Hello there' }, type: 'text', preview: 'Hello there' },
      {
        input: { type: 'image', image: { caption: 'A photo' } },
        type: 'image',
        preview: 'A photo',
      },
      { input: { type: 'video', video: { caption: 'A clip' } }, type: 'video', preview: 'A clip' },
      { input: { type: 'audio', audio: { voice: true } }, type: 'audio', preview: '' },
      {
        input: { type: 'document', document: { filename: 'terms.pdf', caption: 'Terms' } },
        type: 'document',
        preview: 'Terms',
      },
      { input: { type: 'sticker', sticker: { animated: true } }, type: 'sticker', preview: '' },
      {
        input: { type: 'location', location: { latitude: 52.5, longitude: 13.4, name: 'Office' } },
        type: 'location',
        preview: 'Office',
      },
      {
        input: { type: 'contacts', contacts: [{ name: { formatted_name: 'Bo Berg' } }] },
        type: 'contacts',
        preview: 'Bo Berg',
      },
      {
        input: {
          type: 'interactive',
          interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes please' } },
        },
        type: 'interactive',
        preview: 'Yes please',
      },
      {
        input: {
          type: 'interactive',
          interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Row one' } },
        },
        type: 'interactive',
        preview: 'Row one',
      },
      {
        input: { type: 'button', button: { payload: 'STOP', text: 'Stop promotions' } },
        type: 'button',
        preview: 'Stop promotions',
      },
      {
        input: { type: 'reaction', reaction: { message_id: 'wamid.ANY', emoji: '❤️' } },
        type: 'reaction',
        preview: '❤️',
      },
      { input: { type: 'unsupported' }, type: 'unsupported', preview: '' },
      {
        input: {
          type: 'text',
          text: 'From the ad',
          extra: { referral: { source_type: 'ad', source_id: '1', ctwa_clid: 'x' } },
        },
        type: 'text',
        preview: 'From the ad',
      },
    ];

    it('stores every type the simulator sends, with media queued and a live event each', async () => {
      const results = sent.map((s) =>
        simulator.inbound({
          phone_number_id: number.phone_number_id,
          from: '+4915112345678',
          profile_name: 'Berta',
          ...s.input,
        } as InboundInput),
      );
      await simulator.idle();
      await settle(t);
      for (const [index, result] of results.entries()) {
        const row = await messageByWamid(result.message_id);
        const expected = sent[index]!;
        expect({ index, type: row?.messageType, preview: row?.previewText }).toEqual({
          index,
          type: expected.type,
          preview: expected.preview,
        });
        const delivered = (
          result.webhook as { entry: Array<{ changes: Array<{ value: { messages: unknown[] } }> }> }
        ).entry[0]!.changes[0]!.value.messages[0];
        expect(row!.content).toEqual(delivered);
        if (result.media_id) {
          const [file] = await t.db
            .select()
            .from(mediaFiles)
            .where(eq(mediaFiles.messageId, row!.id));
          // The simulator's media downloads with the account's token.
          expect(file).toMatchObject({ metaMediaId: result.media_id, status: 'stored' });
        }
        const event = await waitFor('the live event', () =>
          notifications.find(
            (n) => n.type === 'message.inbound' && n.data['message_id'] === row!.id,
          ),
        );
        expect(event).toMatchObject({
          organization_id: admin.organizationId,
          data: {
            wa_message_id: result.message_id,
            message_type: expected.type,
            preview: expected.preview,
          },
        });
      }
      const [contact] = await t.db
        .select()
        .from(contacts)
        .where(
          and(
            eq(contacts.organizationId, admin.organizationId),
            eq(contacts.waId, '4915112345678'),
          ),
        );
      expect(contact).toMatchObject({ profileName: 'Berta', unreadCount: sent.length });
      expect(contact?.lastInboundAt).not.toBeNull();
    });

    it('files a username user (no phone number) under their business-scoped user id', async () => {
      const result = simulator.inbound({
        phone_number_id: number.phone_number_id,
        from: '',
        from_user_id: 'US.13491208655302741918',
        username: 'nick.fashion',
        profile_name: 'Nick',
        type: 'text',
        text: 'Hi, I have no number here',
      });
      await simulator.idle();
      await settle(t);
      const row = await messageByWamid(result.message_id);
      expect(row).toMatchObject({
        fromAddress: 'US.13491208655302741918',
        previewText: 'Hi, I have no number here',
      });
      expect(await contactOf(row!.contactId)).toMatchObject({
        waId: '',
        userId: 'US.13491208655302741918',
        contactKey: 'US.13491208655302741918',
        profileName: 'Nick',
        unreadCount: 1,
      });

      // By hand: Meta's 2026 shape, `wa_id: ""` in contacts and `from: ""` with from_user_id.
      await postSigned(
        t,
        account.callbackPath,
        messagesWebhook(number, {
          contacts: [
            {
              profile: { name: 'Nick', username: 'nick.fashion' },
              wa_id: '',
              user_id: 'US.13491208655302741918',
            },
          ],
          messages: [
            {
              from: '',
              from_user_id: 'US.13491208655302741918',
              id: 'wamid.USERNAME0002',
              timestamp: '1750200000',
              type: 'text',
              text: { body: 'Second one' },
            },
          ],
        }),
        number.app_secret,
      ).expect(200);
      await settle(t);
      const second = await messageByWamid('wamid.USERNAME0002');
      expect(second?.contactId).toBe(row!.contactId);
      expect((await contactOf(row!.contactId)).unreadCount).toBe(2);
    });

    it('stores a redelivered message once and counts it unread once', async () => {
      const result = simulator.inbound({
        phone_number_id: number.phone_number_id,
        from: '+4915199990000',
        profile_name: 'Carla',
        type: 'text',
        text: 'Are you open today?',
      });
      await simulator.idle();
      await settle(t);
      const [delivery] = simulator.webhooks({ wamid: result.message_id, kind: 'inbound' });
      // Meta retries: the same signed bytes, again and again.
      for (let i = 0; i < 3; i++) {
        await t.http
          .post(account.callbackPath)
          .set('Content-Type', 'application/json')
          .set('X-Hub-Signature-256', delivery!.signature)
          .send(delivery!.raw_body)
          .expect(200);
      }
      // And once more inside a batch with a new message.
      const payload = JSON.parse(delivery!.raw_body);
      const value = payload.entry[0].changes[0].value;
      value.messages.push({
        ...value.messages[0],
        id: 'wamid.CARLA0002',
        text: { body: 'Hello?' },
      });
      await postSigned(t, account.callbackPath, payload, number.app_secret).expect(200);
      await settle(t);

      const rows = await t.db
        .select()
        .from(messages)
        .where(eq(messages.waMessageId, result.message_id));
      expect(rows).toHaveLength(1);
      expect(await messageByWamid('wamid.CARLA0002')).toBeDefined();
      expect((await contactOf(rows[0]!.contactId)).unreadCount).toBe(2);
      expect(
        notifications.filter(
          (n) => n.type === 'message.inbound' && n.data['wa_message_id'] === result.message_id,
        ),
      ).toHaveLength(1);
    });
  });
});
