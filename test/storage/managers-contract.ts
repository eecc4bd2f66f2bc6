/**
 * The contract of training manager designations (ports/managers.ts), run unchanged on every adapter
 * (sqlite.test.ts, mongo.test.ts): idempotent add, remove, list, the role-matching rule as the store
 * applies it, one platform never seeing another's, and the data-protection reads and erasure.
 */
import type { PlatformKey } from '../../src/context/tenant';
import type { Storage } from '../../src/storage/port';

const A: PlatformKey = { issuer: 'https://lms-a.example', clientId: 'client-1' };
const A2: PlatformKey = { issuer: 'https://lms-a.example', clientId: 'client-2' };
const B: PlatformKey = { issuer: 'https://lms-b.example', clientId: 'client-1' };
const ADMIN = { id: 'admin-1', name: 'Ada Admin' };
const T0 = new Date('2030-03-01T09:00:00.000Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2';
const TRAINING_ROLE = 'https://lms-a.example/roles#TrainingManager';

export function managersContract(name: string, open: () => Promise<Storage>): void {
  describe(`${name}: training manager designations`, () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => storage.close());

    it('when a user id is designated twice, then it is one designation that keeps who and when of the first', async () => {
      const first = await storage.managers.addDesignation(A, { kind: 'user', userId: 'u-7' }, ADMIN, T0);
      const again = await storage.managers.addDesignation(A, { kind: 'user', userId: 'u-7' }, { id: 'cli', name: '' }, later(5));
      expect(first).toEqual({ added: true, designation: { platform: A, subject: { kind: 'user', userId: 'u-7' }, designatedBy: ADMIN, designatedAt: T0 } });
      expect(again).toEqual({ added: false, designation: first.designation });
      expect(await storage.managers.listDesignations(A)).toEqual([first.designation]);
    });

    it('lists user ids first, then roles, each oldest first', async () => {
      await storage.managers.addDesignation(A, { kind: 'role', role: 'Mentor' }, ADMIN, T0);
      await storage.managers.addDesignation(A, { kind: 'user', userId: 'u-2' }, ADMIN, later(2));
      await storage.managers.addDesignation(A, { kind: 'user', userId: 'u-1' }, ADMIN, later(1));
      const subjects = (await storage.managers.listDesignations(A)).map((d) => d.subject);
      expect(subjects).toEqual([{ kind: 'user', userId: 'u-1' }, { kind: 'user', userId: 'u-2' }, { kind: 'role', role: 'Mentor' }]);
    });

    it('when a designation is removed, then it is gone and removing it again changes nothing', async () => {
      await storage.managers.addDesignation(A, { kind: 'role', role: `${LIS}/institution/person#Mentor` }, ADMIN, T0);
      // The same role in another spelling is the same designation.
      expect(await storage.managers.removeDesignation(A, { kind: 'role', role: 'urn:lti:instrole:ims/lis/Mentor' })).toBe(true);
      expect(await storage.managers.removeDesignation(A, { kind: 'role', role: `${LIS}/institution/person#Mentor` })).toBe(false);
      expect(await storage.managers.listDesignations(A)).toEqual([]);
    });

    it('matches a designated user id exactly, whatever the launch roles', async () => {
      await storage.managers.addDesignation(A, { kind: 'user', userId: 'u-7' }, ADMIN, T0);
      expect(await storage.managers.isDesignated(A, 'u-7', [])).toBe(true);
      expect(await storage.managers.isDesignated(A, 'U-7', [])).toBe(false);
      expect(await storage.managers.isDesignated(A, 'u-7 ', [`${LIS}/membership#Learner`])).toBe(false);
    });

    it('matches a full role URI in any spelling of that role, and only that role', async () => {
      await storage.managers.addDesignation(A, { kind: 'role', role: `${LIS}/institution/person#Mentor` }, ADMIN, T0);
      expect(await storage.managers.isDesignated(A, 'x', [`${LIS}/membership#Learner`, `${LIS}/institution/person#Mentor`])).toBe(true);
      expect(await storage.managers.isDesignated(A, 'x', ['urn:lti:instrole:ims/lis/Mentor'])).toBe(true);
      expect(await storage.managers.isDesignated(A, 'x', [`${LIS}/membership#Mentor`])).toBe(false);
      expect(await storage.managers.isDesignated(A, 'x', [`${LIS}/system/person#Mentor`])).toBe(false);
    });

    it('matches a short name in any scope, and a platform’s own role URI exactly', async () => {
      await storage.managers.addDesignation(A, { kind: 'role', role: 'Mentor' }, ADMIN, T0);
      await storage.managers.addDesignation(A, { kind: 'role', role: TRAINING_ROLE }, ADMIN, T0);
      for (const role of [`${LIS}/membership#Mentor`, `${LIS}/institution/person#Mentor`, 'Mentor', TRAINING_ROLE]) {
        expect(await storage.managers.isDesignated(A, 'x', [role])).toBe(true);
      }
      for (const role of ['mentor', `${LIS}/membership#Learner`, 'https://lms-a.example/roles#trainingmanager', `${TRAINING_ROLE}x`]) {
        expect(await storage.managers.isDesignated(A, 'x', [role])).toBe(false);
      }
    });

    it('never matches a designation of another platform, even with the same issuer', async () => {
      await storage.managers.addDesignation(A, { kind: 'user', userId: 'u-7' }, ADMIN, T0);
      await storage.managers.addDesignation(A, { kind: 'role', role: 'Mentor' }, ADMIN, T0);
      for (const other of [A2, B]) {
        expect(await storage.managers.isDesignated(other, 'u-7', ['Mentor'])).toBe(false);
        expect(await storage.managers.listDesignations(other)).toEqual([]);
        expect(await storage.managers.removeDesignation(other, { kind: 'user', userId: 'u-7' })).toBe(false);
        expect(await storage.managers.designationsNaming({ ...other, userId: 'u-7' })).toEqual([]);
      }
      expect(await storage.managers.isDesignated(A, 'u-7', [])).toBe(true);
    });

    it('refuses a subject the rule refuses, and stores nothing', async () => {
      await expect(storage.managers.addDesignation(A, { kind: 'role', role: 'two words' }, ADMIN, T0)).rejects.toThrow(RangeError);
      await expect(storage.managers.addDesignation(A, { kind: 'user', userId: '' }, ADMIN, T0)).rejects.toThrow(RangeError);
      expect(await storage.managers.listDesignations(A)).toEqual([]);
    });

    it('answers hostile launch roles without error: many, long, or query-like', async () => {
      await storage.managers.addDesignation(A, { kind: 'role', role: 'Mentor' }, ADMIN, T0);
      const many = Array.from({ length: 5_000 }, (_, i) => `${LIS}/membership#R${i}`);
      expect(await storage.managers.isDesignated(A, '{"$ne":""}', [...many, 'Mentor'])).toBe(false);
      expect(await storage.managers.isDesignated(A, 'x', ['x'.repeat(100_000), '$where', "' OR 1=1 --", 'Mentor'])).toBe(true);
    });

    it('exports the designations naming a person, designated or designating, and erases them as the port says', async () => {
      await storage.managers.addDesignation(A, { kind: 'user', userId: 'u-7' }, ADMIN, T0);
      await storage.managers.addDesignation(A, { kind: 'user', userId: 'admin-1' }, { id: 'admin-0', name: 'Root' }, T0);
      await storage.managers.addDesignation(A, { kind: 'role', role: 'Mentor' }, ADMIN, later(1));
      await storage.managers.addDesignation(B, { kind: 'user', userId: 'admin-1' }, ADMIN, T0);

      const naming = await storage.managers.designationsNaming({ ...A, userId: 'admin-1' });
      expect(naming.map((d) => d.subject)).toEqual([{ kind: 'user', userId: 'admin-1' }, { kind: 'user', userId: 'u-7' }, { kind: 'role', role: 'Mentor' }]);

      expect(await storage.managers.eraseUser({ ...A, userId: 'admin-1' })).toEqual({ removed: 1, anonymised: 2 });
      const left = await storage.managers.listDesignations(A);
      expect(left.map((d) => [d.subject, d.designatedBy])).toEqual([
        [{ kind: 'user', userId: 'u-7' }, { id: '', name: '' }],
        [{ kind: 'role', role: 'Mentor' }, { id: '', name: '' }],
      ]);
      expect(await storage.managers.designationsNaming({ ...A, userId: 'admin-1' })).toEqual([]);
      expect(await storage.managers.eraseUser({ ...A, userId: 'admin-1' })).toEqual({ removed: 0, anonymised: 0 });
      // Platform B's record of the same id is another person's.
      expect(await storage.managers.listDesignations(B)).toHaveLength(1);
    });
  });
}
