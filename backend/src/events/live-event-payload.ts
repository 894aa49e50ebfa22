import { isLiveEventType } from '@convis/contracts';
import { type LiveEvent, type LiveEventPayload, type PublishedLiveEvent } from './events.types.js';

/** The NOTIFY payload of an event (what EventsService.publish sends). */
export function serializeLiveEvent(event: LiveEvent, occurredAt: Date): string {
  const payload: LiveEventPayload = {
    type: event.type,
    organization_id: event.organizationId,
    data: event.data,
    occurred_at: occurredAt.toISOString(),
  };
  return JSON.stringify(payload);
}

export type ParsedLiveEvent =
  | { readonly ok: true; readonly event: PublishedLiveEvent }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads a NOTIFY payload defensively: anything on the channel may have been sent by another
 * version of the backend (rolling deploys) or by hand with psql, and must never reach the wrong
 * organization or crash the listener. A missing `occurred_at` (older publisher) becomes `now`.
 */
export function parseLiveEventPayload(payload: string, now: Date = new Date()): ParsedLiveEvent {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (!isRecord(value)) return { ok: false, reason: 'not a JSON object' };
  const { type, organization_id: organizationId, data, occurred_at: occurredAt } = value;
  if (!isLiveEventType(type)) return { ok: false, reason: 'unknown event type' };
  if (typeof organizationId !== 'string' || organizationId === '') {
    return { ok: false, reason: 'no organization_id' };
  }
  if (data !== undefined && !isRecord(data)) return { ok: false, reason: 'data is not an object' };
  return {
    ok: true,
    event: {
      type,
      organizationId,
      data: data ?? {},
      occurredAt: isTimestamp(occurredAt) ? occurredAt : now.toISOString(),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}
