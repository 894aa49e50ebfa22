import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MESSAGE_LIMITS } from '../src/limits.ts';
import {
  MAX_MEDIA_BYTES,
  MEDIA_RULES,
  MEDIA_TYPES,
  formatBytes,
  mediaTypeOfMime,
  normalizeMime,
} from '../src/media.ts';

describe('MESSAGE_LIMITS', () => {
  it("holds Meta's limits", () => {
    assert.equal(MESSAGE_LIMITS.text, 4096);
    assert.equal(MESSAGE_LIMITS.caption, 1024);
    assert.equal(MESSAGE_LIMITS.interactiveBody, 1024);
    assert.equal(MESSAGE_LIMITS.interactiveHeaderFooter, 60);
    assert.equal(MESSAGE_LIMITS.buttons, 3);
    assert.equal(MESSAGE_LIMITS.buttonTitle, 20);
    assert.equal(MESSAGE_LIMITS.listRows, 10);
  });
});

describe('media rules', () => {
  it('gives every media type its MIME types and size', () => {
    assert.deepEqual(Object.keys(MEDIA_RULES), [...MEDIA_TYPES]);
    assert.equal(MEDIA_RULES.image.maxBytes, 5 * 1024 * 1024);
    assert.equal(MEDIA_RULES.sticker.maxBytes, 500 * 1024);
  });

  it('uploads up to the largest size any type allows', () => {
    assert.equal(MAX_MEDIA_BYTES, Math.max(...MEDIA_TYPES.map((t) => MEDIA_RULES[t].maxBytes)));
  });

  it('finds the media type of a Content-Type', () => {
    assert.equal(mediaTypeOfMime('image/png'), 'image');
    assert.equal(mediaTypeOfMime(' Audio/OGG; codecs=opus'), 'audio');
    assert.equal(mediaTypeOfMime('image/webp'), 'sticker');
    assert.equal(mediaTypeOfMime('image/gif'), undefined);
    assert.equal(normalizeMime('Text/Plain; charset=utf-8'), 'text/plain');
  });

  it('writes sizes as people read them', () => {
    assert.equal(formatBytes(5 * 1024 * 1024), '5 MB');
    assert.equal(formatBytes(2.44 * 1024 * 1024), '2.4 MB');
    assert.equal(formatBytes(480 * 1024), '480 KB');
    assert.equal(formatBytes(10), '1 KB');
  });
});
