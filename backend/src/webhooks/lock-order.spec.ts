import { lockOrderKey } from './lock-order.js';

const messages = (value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '200000000000001',
      changes: [
        {
          field: 'messages',
          value: { metadata: { phone_number_id: '100000000000001' }, ...value },
        },
      ],
    },
  ],
});

describe('the order a batch applies its events in', () => {
  it('keys a status by its message and an inbound message by its customer on that number', () => {
    expect(lockOrderKey(messages({ statuses: [{ id: 'wamid.A', status: 'read' }] }))).toBe(
      'message:wamid.A',
    );
    expect(lockOrderKey(messages({ messages: [{ id: 'wamid.B', from: '16505550123' }] }))).toBe(
      'contact:100000000000001:16505550123',
    );
    expect(
      lockOrderKey(messages({ messages: [{ id: 'wamid.C', from: '', from_user_id: 'US.1' }] })),
    ).toBe('contact:100000000000001:US.1');
  });

  it('keys an event with statuses and messages by its statuses, which are applied first', () => {
    expect(
      lockOrderKey(
        messages({
          statuses: [{ id: 'wamid.A', status: 'read' }],
          messages: [{ id: 'wamid.B', from: '16505550123' }],
        }),
      ),
    ).toBe('message:wamid.A');
  });

  it('keys account updates by the business account, and anything malformed alike', () => {
    expect(
      lockOrderKey({
        entry: [{ id: '200000000000009', changes: [{ field: 'message_template_status_update' }] }],
      }),
    ).toBe('account:200000000000009');
    for (const payload of [null, 'text', {}, { entry: 'x' }, { entry: [{ changes: [null] }] }]) {
      expect(lockOrderKey(payload)).toBe('');
    }
  });

  it('puts the events of one customer together, whatever order they arrived in', () => {
    const keys = [
      messages({ messages: [{ id: 'w1', from: '2' }] }),
      messages({ messages: [{ id: 'w2', from: '1' }] }),
      messages({ messages: [{ id: 'w3', from: '2' }] }),
    ]
      .map(lockOrderKey)
      .sort();
    expect(keys).toEqual([
      'contact:100000000000001:1',
      'contact:100000000000001:2',
      'contact:100000000000001:2',
    ]);
  });
});
