import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LIVE_EVENT_KEY_FIELD,
  LIVE_EVENT_TYPES,
  LIVE_PREVIEW_LENGTH,
  isLiveEventType,
  livePreview,
  type LiveEventFrame,
} from '../src/events.ts';
import { charCount } from '../src/text.ts';

describe('live events', () => {
  it('names every type <noun>.<what happened>, each with its id field', () => {
    for (const type of LIVE_EVENT_TYPES) {
      assert.match(type, /^[a-z]+\.[a-z]+$/);
      assert.equal(typeof LIVE_EVENT_KEY_FIELD[type], 'string');
    }
    assert.deepEqual(Object.keys(LIVE_EVENT_KEY_FIELD).sort(), [...LIVE_EVENT_TYPES].sort());
  });

  it('tells known types from others', () => {
    assert.equal(isLiveEventType('message.status'), true);
    assert.equal(isLiveEventType('user.deleted'), false);
    assert.equal(isLiveEventType(7), false);
  });

  it('types each frame by its name', () => {
    const frame: LiveEventFrame<'conversation.read'> = {
      type: 'conversation.read',
      data: { contact_id: 'c1', read_at: '2026-11-24T12:00:00.000Z' },
      occurred_at: '2026-11-24T12:00:00.000Z',
    };
    assert.equal(frame.data[LIVE_EVENT_KEY_FIELD[frame.type]], 'c1');
  });
});

describe('livePreview', () => {
  it('keeps a short text whole', () => {
    assert.equal(livePreview('Where is my order?'), 'Where is my order?');
  });

  it(`cuts a long one to ${LIVE_PREVIEW_LENGTH} characters, ellipsis included`, () => {
    const text = `${'Your order has shipped. '.repeat(10)}Thanks!`;
    const preview = livePreview(text);
    assert.equal(charCount(preview), LIVE_PREVIEW_LENGTH);
    assert.equal(preview, `${text.slice(0, 99)}…`);
  });
});
