/**
 * The catalogue's MongoDB writes over a stubbed driver (no server exists here): what the server
 * would receive for a launch's course record (plain $set of LMS strings, never a pipeline), and the
 * generation bump in the same transaction, only when something shown changed.
 */
import { CatalogueCourseModel } from '../../src/storage/mongo/catalogue-models';
import { createCatalogueStore } from '../../src/storage/mongo/catalogue-store';
import { expectOneGenerationBump, stubGenerationBump, stubTransaction, type StubbedTransaction } from '../support/stubbed-mongo';

const COURSE = { issuer: 'https://lms.example', clientId: 'c1', deploymentId: 'd1', contextId: 'k1' };
const AT = new Date('2030-01-01T00:00:00Z');

let tx: StubbedTransaction;
beforeEach(() => {
  tx = stubTransaction();
});
afterEach(async () => {
  await tx.end();
});

/**
 * The driver's answer (mongodb 7, under mongoose 9): the document itself, here as it was before the
 * update, or null; the { value, ok, lastErrorObject } shape comes only with includeResultMetadata.
 */
function stubFindOneAndUpdate(previous: object | null): jest.SpyInstance {
  return jest.spyOn(CatalogueCourseModel.collection, 'findOneAndUpdate').mockResolvedValue(previous as never);
}

it('records a first launch with the LMS strings as plain values, and bumps the generation in the same transaction', async () => {
  const write = stubFindOneAndUpdate(null);
  const bump = stubGenerationBump();
  const record = await createCatalogueStore().recordCourse(COURSE, { title: '$title', label: '{"$ne":null}', lmsUrl: 'https://lms.example/course/view.php?id=k1' }, 'token-aaaaaaaaaaaaaaaaaaaa', AT);
  expect(write).toHaveBeenCalledTimes(1);
  const [filter, update, options] = write.mock.calls[0] as [object, Record<string, unknown>, Record<string, unknown>];
  expect(filter).toEqual(COURSE);
  expect(Array.isArray(update)).toBe(false);
  expect(update).toEqual({
    $set: { title: '$title', label: '{"$ne":null}', lmsUrl: 'https://lms.example/course/view.php?id=k1' },
    $max: { lastLaunchAt: AT },
    $setOnInsert: { badgeToken: 'token-aaaaaaaaaaaaaaaaaaaa', firstSeenAt: AT },
  });
  expect(options).toMatchObject({ upsert: true, returnDocument: 'before', session: tx.session });
  expectOneGenerationBump(bump, COURSE, tx.session);
  expect(record).toMatchObject({ title: '$title', badgeToken: 'token-aaaaaaaaaaaaaaaaaaaa', firstSeenAt: AT });
});

it('bumps nothing when a later launch changes nothing shown, and removes a label the LMS no longer sends', async () => {
  const previous = { ...COURSE, title: 'Agile', label: 'AG1', badgeToken: 'token-bbbbbbbbbbbbbbbbbbbb', firstSeenAt: AT, lastLaunchAt: AT };
  stubFindOneAndUpdate(previous);
  const bump = stubGenerationBump();
  await createCatalogueStore().recordCourse(COURSE, { title: 'Agile', label: 'AG1' }, 'token-unused-xxxxxxxxxx', new Date(AT.getTime() + 1000));
  expect(bump).not.toHaveBeenCalled();

  const write = stubFindOneAndUpdate(previous);
  const record = await createCatalogueStore().recordCourse(COURSE, { title: 'Agile' }, 'token-unused-xxxxxxxxxx', new Date(AT.getTime() + 2000));
  expect((write.mock.calls[write.mock.calls.length - 1] as [object, Record<string, unknown>])[1]).toMatchObject({ $unset: { label: '', lmsUrl: '' } });
  expect(bump).toHaveBeenCalledTimes(1);
  expect(record.label).toBeUndefined();
  expect(record.badgeToken).toBe('token-bbbbbbbbbbbbbbbbbbbb');
});
