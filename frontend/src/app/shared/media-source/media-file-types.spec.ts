import { MEDIA_RULES, MEDIA_TYPES } from '@convis/contracts';
import { MEDIA_FILE_TYPES, acceptFor, mediaFileProblem } from './media-file-types';

describe('media file types', () => {
  it("offers every type the API accepts, each with the API's MIME types and size", () => {
    for (const type of MEDIA_TYPES) {
      expect(MEDIA_FILE_TYPES[type]).toMatchObject(MEDIA_RULES[type]);
    }
  });

  it('maps every extension to one of its MIME types, and every MIME type has an extension', () => {
    for (const type of MEDIA_TYPES) {
      const { extensions, mimes } = MEDIA_FILE_TYPES[type];
      for (const mime of Object.values(extensions)) expect(mimes).toContain(mime);
      for (const mime of mimes) expect(Object.values(extensions)).toContain(mime);
    }
  });

  it('says what a type takes, as the file picker and the hints show it', () => {
    expect(MEDIA_FILE_TYPES.image.summary).toBe('JPEG or PNG, up to 5 MB');
    expect(MEDIA_FILE_TYPES.sticker.summary).toBe('WebP, up to 500 KB');
    expect(acceptFor('video')).toBe('video/mp4,video/3gpp,.mp4,.3gp');
  });

  it('explains why a file cannot be sent', () => {
    const png = { name: 'photo.png', type: 'image/png', size: 6 * 1024 * 1024 };
    expect(mediaFileProblem('image', png)).toBe('photo.png is 6 MB: images can be at most 5 MB.');
    expect(mediaFileProblem('audio', { ...png, size: 1000 })).toBe(
      'photo.png is not a file WhatsApp sends as an audio: use AAC, AMR, MP3, M4A or OGG, up to 16 MB.',
    );
    expect(mediaFileProblem('audio', { name: 'note.opus', type: '', size: 1000 })).toBeNull();
  });
});
