import { parseLiveEventPayload, serializeLiveEvent } from './live-event-payload.js';

describe('live event payloads on the NOTIFY channel', () => {
  const now = new Date('2025-03-04T05:06:07.089Z');
  const STATUS = {
    message_id: 'm',
    wa_message_id: 'wamid.1',
    status: 'read',
    event: 'read',
    occurred_at: '2025-03-04T05:06:00.000Z',
  } as const;

  it('round-trips what EventsService publishes', () => {
    const payload = serializeLiveEvent(
      {
        type: 'message.status',
        organizationId: 'org-1',
        data: STATUS,
      },
      now,
    );
    expect(JSON.parse(payload)).toEqual({
      type: 'message.status',
      organization_id: 'org-1',
      data: STATUS,
      occurred_at: '2025-03-04T05:06:07.089Z',
    });
    expect(parseLiveEventPayload(payload)).toEqual({
      ok: true,
      event: {
        type: 'message.status',
        organizationId: 'org-1',
        data: STATUS,
        occurredAt: '2025-03-04T05:06:07.089Z',
      },
    });
  });

  it('takes the time of receipt when the publisher sent none (older instance)', () => {
    const parsed = parseLiveEventPayload(
      JSON.stringify({ type: 'message.created', organization_id: 'org-1', data: { id: 'x' } }),
      now,
    );
    expect(parsed).toMatchObject({
      ok: true,
      event: { occurredAt: now.toISOString(), data: { id: 'x' } },
    });
  });

  it.each([
    ['not JSON', '{', 'not JSON'],
    ['an array', '[]', 'not a JSON object'],
    ['null', 'null', 'not a JSON object'],
    [
      'an unknown type',
      '{"type":"user.deleted","organization_id":"o","data":{}}',
      'unknown event type',
    ],
    ['no organization', '{"type":"message.created","data":{}}', 'no organization_id'],
    [
      'an empty organization',
      '{"type":"message.created","organization_id":"","data":{}}',
      'no organization_id',
    ],
    [
      'a numeric organization',
      '{"type":"message.created","organization_id":7,"data":{}}',
      'no organization_id',
    ],
    [
      'data that is not an object',
      '{"type":"message.created","organization_id":"o","data":[1]}',
      'data is not an object',
    ],
  ])('refuses %s', (_case, payload, reason) => {
    expect(parseLiveEventPayload(payload, now)).toEqual({ ok: false, reason });
  });
});
