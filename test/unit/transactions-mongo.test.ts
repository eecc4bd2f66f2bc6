/**
 * The MongoDB store's one transaction policy: it opens only on a server that can run transactions,
 * judged from the server's `hello` reply (stubbed here: no server exists in this run).
 */
import type { Connection } from 'mongoose';
import { requireTransactions, serverProblem } from '../../src/storage/mongo/transaction';
import { StorageRefusedError } from '../../src/storage/port';

const REFUSAL = 'MongoDB at db.example:27017 is a standalone server: Learner Voice needs a replica set (a single-node one is fine: see README)';

describe('which servers can run transactions', () => {
  it('accepts a replica set member, a single-node set included', () => {
    expect(serverProblem({ setName: 'rs0', isWritablePrimary: true, maxWireVersion: 25 } as object, 'db.example:27017')).toBeNull();
  });

  it('accepts a mongos in front of a sharded cluster', () => {
    expect(serverProblem({ msg: 'isdbgrid', isWritablePrimary: true, maxWireVersion: 13 } as object, 'db.example:27017')).toBeNull();
  });

  it('refuses a standalone mongod with one line naming the host', () => {
    expect(serverProblem({ isWritablePrimary: true, maxWireVersion: 25 } as object, 'db.example:27017')).toBe(REFUSAL);
  });

  it('refuses replies that only look like a replica set or a mongos', () => {
    for (const hello of [{ setName: '' }, { setName: null }, { setName: 1 }, { msg: 'isdbgridx' }, { msg: { $eq: 'isdbgrid' } }]) {
      expect(serverProblem({ ...hello, maxWireVersion: 25 }, 'db.example:27017')).toBe(REFUSAL);
    }
  });

  it('refuses a replica set older than MongoDB 5.0 (no snapshot reads outside transactions)', () => {
    expect(serverProblem({ setName: 'rs0', maxWireVersion: 12 }, 'db.example:27017')).toBe(
      'MongoDB at db.example:27017 is older than 5.0: Learner Voice needs MongoDB 5.0 or later (see README)',
    );
  });
});

describe('the check at open', () => {
  const command = jest.fn();
  const connection = { db: { admin: () => ({ command }) } as unknown as Connection['db'], host: 'db.example', port: 27017 };

  beforeEach(() => command.mockReset());

  it('asks the server hello and stops on a standalone one', async () => {
    command.mockResolvedValue({ isWritablePrimary: true, ok: 1 });
    await expect(requireTransactions(connection)).rejects.toThrow(REFUSAL);
    await expect(requireTransactions(connection)).rejects.toBeInstanceOf(StorageRefusedError);
    expect(command).toHaveBeenCalledWith({ hello: 1 });
  });

  it('lets a replica set member open', async () => {
    command.mockResolvedValue({ setName: 'rs0', isWritablePrimary: true, maxWireVersion: 25, ok: 1 });
    await expect(requireTransactions(connection)).resolves.toBeUndefined();
  });
});
