/**
 * Maps the role URIs platforms send to what the tool cares about: does this person act as an
 * instructor (may configure and moderate) or as a learner in this course?
 *
 * LTI 1.3 core §5.3.7 and Appendix A.2: roles are context roles (membership#…), institution roles
 * (institution/person#…) and system roles (system/person#…). Platforms also send the deprecated short
 * forms ("Instructor") and sub-roles (membership/Instructor#TeachingAssistant). Moodle sends
 * membership#Instructor for editing teachers and adds institution/system Administrator for admins;
 * Canvas sends membership#Instructor, membership/Instructor#TeachingAssistant, membership#ContentDeveloper
 * and, for account admins, institution/person#Administrator alongside system roles.
 */
export type CourseRole = 'instructor' | 'learner';

const CONTEXT_NS = 'http://purl.imsglobal.org/vocab/lis/v2/membership';
const INSTITUTION_NS = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person';
const SYSTEM_NS = 'http://purl.imsglobal.org/vocab/lis/v2/system/person';

/** Context roles that count as teaching the course (course administrators and TAs included). */
const TEACHING_CONTEXT_ROLES = new Set(['Instructor', 'Administrator', 'ContentDeveloper', 'Manager']);
/** Sub-roles of Instructor that teach (membership/Instructor#TeachingAssistant and friends). */
const TEACHING_SUB_ROLE_PARENTS = new Set(['Instructor', 'Administrator', 'ContentDeveloper', 'Manager']);
/** Institution and system roles that administer the LMS and so may configure any course they enter. */
const ADMIN_ROLES = new Set(['Administrator', 'SysAdmin']);

export interface ParsedRole {
  readonly scope: 'context' | 'institution' | 'system' | 'unknown';
  readonly name: string;
  readonly parent?: string;
}

export function parseRole(raw: string): ParsedRole {
  const role = raw.trim();
  if (role.startsWith(CONTEXT_NS + '#')) return { scope: 'context', name: role.slice(CONTEXT_NS.length + 1) };
  if (role.startsWith(CONTEXT_NS + '/')) {
    // Sub-role form: …/membership/Instructor#TeachingAssistant
    const [parent, name] = role.slice(CONTEXT_NS.length + 1).split('#');
    return { scope: 'context', name: name ?? parent, parent };
  }
  if (role.startsWith(INSTITUTION_NS + '#')) return { scope: 'institution', name: role.slice(INSTITUTION_NS.length + 1) };
  if (role.startsWith(SYSTEM_NS + '#')) return { scope: 'system', name: role.slice(SYSTEM_NS.length + 1) };
  // LTI 1.1 style URNs some platforms still send.
  const urn = /^urn:lti:(role|instrole|sysrole):ims\/lis\/(.+)$/.exec(role);
  if (urn) {
    const scope = urn[1] === 'role' ? 'context' : urn[1] === 'instrole' ? 'institution' : 'system';
    const [parent, name] = urn[2].split('/');
    return name ? { scope, name, parent } : { scope, name: parent };
  }
  // Short forms ("Instructor", "Learner", "TeachingAssistant") are context roles (core §A.2.3.1, deprecated).
  if (/^[A-Za-z]+(#[A-Za-z]+)?$/.test(role)) {
    const [parent, name] = role.split('#');
    return name ? { scope: 'context', name, parent } : { scope: 'context', name: parent };
  }
  return { scope: 'unknown', name: role };
}

function teaches(role: ParsedRole): boolean {
  if (role.scope === 'context') {
    if (TEACHING_CONTEXT_ROLES.has(role.name)) return true;
    if (role.name === 'TeachingAssistant') return true;
    if (role.parent && TEACHING_SUB_ROLE_PARENTS.has(role.parent)) return true;
    return false;
  }
  if (role.scope === 'institution' || role.scope === 'system') return ADMIN_ROLES.has(role.name);
  return false;
}

/**
 * An instructor is anyone who teaches or administers the course; everyone else, including guests,
 * observers and people with no role at all, reads and writes as a learner.
 */
export function courseRoleOf(rawRoles: readonly string[]): CourseRole {
  return rawRoles.map(parseRole).some(teaches) ? 'instructor' : 'learner';
}

/**
 * A platform administrator: an institution or system Administrator (or SysAdmin) role, as Moodle's
 * site admins and Canvas's account admins send. A course's own Administrator context role does not
 * count: it administers one course, not what every course of the platform shows.
 */
export function isPlatformAdmin(rawRoles: readonly string[]): boolean {
  return rawRoles.map(parseRole).some((role) => (role.scope === 'institution' || role.scope === 'system') && ADMIN_ROLES.has(role.name));
}
