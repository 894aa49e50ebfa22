import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalMediaStore } from './local-media-store.js';
import { mediaKey } from './media-store.js';

describe('local media store', () => {
  let root: string;
  let store: LocalMediaStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'convis-media-'));
    store = new LocalMediaStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const read = async (key: string) => {
    const stored = await store.open(key);
    if (!stored) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of stored.stream) chunks.push(chunk as Buffer);
    return { size: stored.size, data: Buffer.concat(chunks) };
  };

  it('stores, replaces, opens and deletes files, leaving no temporary files', async () => {
    const key = mediaKey(
      '7b0e2f5c-1d1a-4c11-9a6e-2f1b9e0c3d4a',
      'c2d4e6f8-0a1b-4c3d-8e5f-6a7b8c9d0e1f',
    );
    await store.put(key, Buffer.from('first'));
    await store.put(key, Buffer.from('second'));
    expect(await read(key)).toEqual({ size: 6, data: Buffer.from('second') });
    expect(readdirSync(join(root, key.split('/')[0]!))).toEqual([key.split('/')[1]]);
    await store.delete(key);
    expect(await store.open(key)).toBeUndefined();
    await store.delete(key);
  });

  it('refuses keys that could leave the folder', async () => {
    for (const key of [
      '../x',
      'a/../../x',
      '/etc/passwd',
      'a//b',
      '.hidden',
      'a/./b',
      '',
      'a\\b',
    ]) {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow(/Invalid media key/);
    }
    expect(() => mediaKey('../..', 'x')).toThrow();
  });
});
