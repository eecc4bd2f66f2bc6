/**
 * The training managers a platform designated, read from the store.
 * Until designations are stored (issue 15, training managers), nobody is designated: platform
 * administrators and instructors still get their scope from the launch alone.
 */
import type { Storage } from '../storage/port';
import type { ManagerDirectory } from './access';

export function managerDirectoryOf(_storage: Storage): ManagerDirectory {
  return { isDesignated: async () => false };
}
