/** Audit entries for tests that write through the store directly (the routes build their own). */
import type { ContextKey } from '../../src/context/tenant';
import type { AuditInput } from '../../src/storage/ports/audit';

export function buildAudit(course: ContextKey, overrides: Partial<AuditInput> = {}): AuditInput {
  return {
    course: { issuer: course.issuer, clientId: course.clientId, deploymentId: course.deploymentId, contextId: course.contextId },
    at: new Date('2030-01-15T10:00:00.000Z'),
    actor: { id: 'teacher-1', name: 'Terry Teacher', role: 'instructor' },
    action: 'settings.update',
    subject: { type: 'settings', id: course.contextId },
    ...overrides,
  };
}
