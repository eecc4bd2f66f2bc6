/**
 * For stubbed-driver MongoDB tests: the course's generation was bumped exactly once, as an upserted
 * $inc on the full course key, inside `session` when given (a transaction) or outside any.
 */
export function expectOneGenerationBump(bump: jest.SpyInstance, course: object, session?: unknown): void {
  expect(bump).toHaveBeenCalledTimes(1);
  const [filter, update, options] = bump.mock.calls[0] as [object, object, { upsert?: boolean; session?: unknown }];
  expect(filter).toEqual(course);
  expect(update).toEqual({ $inc: { generation: 1 } });
  expect(options.upsert).toBe(true);
  expect(options.session).toBe(session);
}
