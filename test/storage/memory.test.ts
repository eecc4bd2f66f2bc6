import { openMemoryStorage } from '../../src/storage/memory/memory-storage';
import { consultationsContract } from './consultations-contract';
import { storageContract } from './contract';
import { reviewsContract } from './reviews-contract';
import { reviewLoopContract } from './review-loop-contract';
import { generationsContract } from './generations-contract';
import { authorNamesContract } from './author-names-contract';

storageContract('memory storage', async () => openMemoryStorage());
consultationsContract('memory storage', async () => openMemoryStorage());
reviewsContract('memory storage', async () => openMemoryStorage());
reviewLoopContract('memory storage', async () => openMemoryStorage());
generationsContract('memory storage', async () => openMemoryStorage());
authorNamesContract('memory storage', async () => openMemoryStorage());

describe('memory storage specifics', () => {
  it('never returns expired ltijs records, like the SQLite adapter', async () => {
    let now = Date.UTC(2030, 0, 1);
    const storage = openMemoryStorage({ clock: () => now });
    const config = storage.ltiDatabase();
    if (!('plugin' in config)) throw new Error('the memory adapter must provide an ltijs plugin');
    try {
      await config.plugin.Insert(false, 'nonce', { nonce: 'n' });
      await config.plugin.Insert(false, 'platform', { platformUrl: 'p' });
      now += 10 * 60_000;
      expect(await config.plugin.Get(false, 'nonce')).toBe(false);
      expect(await config.plugin.Get(false, 'platform')).toHaveLength(1);
    } finally {
      await storage.close();
    }
  });

  it('is of kind memory', async () => {
    const storage = openMemoryStorage();
    expect(storage.kind).toBe('memory');
    await storage.close();
  });
});
