/**
 * The MongoDB store's one transaction policy: it opens only on a server that can run transactions,
 * judged from the server's `hello` reply (stubbed here: no server exists in this run).
 */
import type { Connection } from 'mongoose';
import { requireTransactions, standaloneProblem } from '../../src/storage/mongo/transaction';

const REFUSAL = 'MongoDB at db.example:27017 is a standalone server: Learner Voice needs a replica set (a single-node one is fine: see README)';

describe('which servers can run transactions', () => {
  it('accepts a replica set member, a single-node set included', () => {
    expect(standaloneProblem({ setName: 'rs0', isWritablePrimary: true } as object, 'db.example:27017')).toBeNull();
  });

  it('accepts a mongos in front of a sharded cluster', () => {
    expect(standaloneProblem({ msg: 'isdbgrid', isWritablePrimary: true } as object, 'db.example:27017')).toBeNull();
  });

  it('refuses a standalone mongod with one line naming the host', () => {
    expect(standaloneProblem({ isWritablePrimary: true, maxWireVersion: 25 } as object, 'db.example:27017')).toBe(REFUSAL);
  });

  it('refuses replies that only look like a replica set or a mongos', () => {
    for (const hello of [{ setName: '' }, { setName: null }, { setName: 1 }, { msg: 'isdbgridx' }, { msg: { $eq: 'isdbgrid' } }]) {
      expect(standaloneProblem(hello, 'db.example:27017')).toBe(REFUSAL);
    }
  });
});

describe('the check at open', () => {
  const command = jest.fn();
  const connection = { db: { admin: () => ({ command }) } as unknown as Connection['db'], host: 'db.example', port: 27017 };

  beforeEach(() => command.mockReset());

  it('asks the server hello and stops on a standalone one', async () => {
    command.mockResolvedValue({ isWritablePrimary: true, ok: 1 });
    await expect(requireTransactions(connection)).rejects.toThrow(REFUSAL);
    expect(command).toHaveBeenCalledWith({ hello: 1 });
  });

  it('lets a replica set member open', async () => {
    command.mockResolvedValue({ setName: 'rs0', isWritablePrimary: true, ok: 1 });
    await expect(requireTransactions(connection)).resolves.toBeUndefined();
  });
});
