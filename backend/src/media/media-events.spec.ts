import { MEDIA_FAILED_REASON_LENGTH } from '@convis/contracts';
import { type MediaFile } from './media.schema.js';
import { mediaEvent } from './media-events.js';

describe('media live events', () => {
  const file: MediaFile = {
    id: 'file-1',
    organizationId: 'org-1',
    messageId: 'message-1',
    metaMediaId: 'meta-1',
    mimeType: 'image/png',
    sha256: null,
    fileSize: 68,
    filename: null,
    storageKey: 'org-1/file-1',
    status: 'stored',
    attempts: 1,
    lastError: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  };

  it('tells a stored file with its type and size', () => {
    expect(mediaEvent(file, 'contact-1')).toEqual({
      type: 'media.stored',
      organizationId: 'org-1',
      data: {
        media_id: 'file-1',
        message_id: 'message-1',
        contact_id: 'contact-1',
        status: 'stored',
        mime_type: 'image/png',
        size_bytes: 68,
      },
    });
  });

  it('tells a failed file with a short reason and no size', () => {
    const failed = mediaEvent(
      { ...file, status: 'failed', fileSize: null, lastError: 'x'.repeat(1000) },
      null,
    );
    expect(failed).toMatchObject({
      type: 'media.failed',
      data: { status: 'failed', contact_id: null, size_bytes: null },
    });
    expect(failed.type === 'media.failed' && failed.data.reason).toBe(
      `${'x'.repeat(MEDIA_FAILED_REASON_LENGTH - 1)}…`,
    );
    expect(mediaEvent({ ...file, status: 'failed', lastError: 'Too large' }, null).data).toEqual(
      expect.objectContaining({ reason: 'Too large', size_bytes: null }),
    );
  });

  it('keeps a character whole where the reason is cut', () => {
    const lastError = `${'x'.repeat(MEDIA_FAILED_REASON_LENGTH - 2)}👍🏽 and more`;
    const failed = mediaEvent({ ...file, status: 'failed', lastError }, null);
    expect(failed.type === 'media.failed' && failed.data.reason).toBe(
      `${'x'.repeat(MEDIA_FAILED_REASON_LENGTH - 2)}…`,
    );
  });

  it('has nothing to tell while the download is pending', () => {
    expect(() => mediaEvent({ ...file, status: 'pending' }, null)).toThrow(/is pending/);
    expect(() => mediaEvent({ ...file, status: 'expired' }, null)).toThrow(/is expired/);
  });
});
