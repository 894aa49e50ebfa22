import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isServiceWindowOpen, serviceWindowEnd } from '../src/service-window.ts';
import { MESSAGE_STATUSES, advancesStatus, laterStatus } from '../src/status.ts';

describe('status order', () => {
  it('moves forward only', () => {
    assert.equal(laterStatus('sent', 'delivered'), 'delivered');
    assert.equal(laterStatus('read', 'delivered'), 'read');
    assert.equal(laterStatus('queued', 'sent'), 'sent');
    assert.equal(laterStatus('read', 'played'), 'played');
    assert.equal(advancesStatus('delivered', 'delivered'), false);
  });

  it('keeps failed for good, and takes it from any other status', () => {
    for (const status of MESSAGE_STATUSES) {
      assert.equal(laterStatus('failed', status), 'failed');
      if (status !== 'failed') assert.equal(laterStatus(status, 'failed'), 'failed');
    }
  });
});

describe('service window', () => {
  const received = new Date('2026-11-24T12:00:00.000Z');

  it('stays open for 24 hours after the last inbound message', () => {
    assert.equal(serviceWindowEnd(received).toISOString(), '2026-11-25T12:00:00.000Z');
    assert.equal(isServiceWindowOpen(received, new Date('2026-11-25T11:59:59.999Z')), true);
    assert.equal(isServiceWindowOpen(received, new Date('2026-11-25T12:00:00.000Z')), false);
  });

  it('is closed when the contact never wrote', () => {
    assert.equal(isServiceWindowOpen(null, received), false);
  });
});
