/**
 * The people enrolled in the test course, in each flavour's shape.
 *
 * Moodle (fixtures/moodle-5.1): sub and login_hint are the Moodle user id; an editing teacher sends
 * membership#Instructor only, the site admin three role URIs (institution Administrator, membership
 * Instructor, system Administrator). Moodle gives Instructor to anyone holding mod/lti:manage, which
 * non-editing teachers hold too, so a Moodle teaching assistant is an Instructor.
 *
 * Canvas: sub is the user's LTI id (a UUID), login_hint the opaque LTI 1.1 id also sent as
 * lti11_legacy_user_id; roles combine institution, context and system roles (a learner sends
 * institution Student + membership Learner + system User), a TA sends the TeachingAssistant
 * sub-role, and an account admin who is not enrolled sends no context role at all.
 */
import { createHash } from 'node:crypto';
import { ROLE } from './constants';
import type { Flavour, UserInput, UserKey, UserSpec } from './types';

interface Person {
  id: string;
  givenName: string;
  familyName: string;
  username: string;
  sourcedId: string;
  locale: string;
  kind: 'learner' | 'instructor' | 'teachingAssistant' | 'admin';
}

const PEOPLE: Record<UserKey, Person> = {
  admin: { id: '2', givenName: 'Admin', familyName: 'User', username: 'admin', sourcedId: '', locale: 'en', kind: 'admin' },
  instructor: { id: '3', givenName: 'Terry', familyName: 'Teacher', username: 'teacher1', sourcedId: 'TEACHER1', locale: 'en', kind: 'instructor' },
  learner: { id: '4', givenName: 'Sam', familyName: 'Student', username: 'student1', sourcedId: 'STUDENT1', locale: 'en', kind: 'learner' },
  teachingAssistant: { id: '5', givenName: 'Alex', familyName: 'Assistant', username: 'assistant1', sourcedId: 'ASSISTANT1', locale: 'en', kind: 'teachingAssistant' },
  frenchLearner: { id: '6', givenName: 'Camille', familyName: 'Dubois', username: 'student2', sourcedId: 'STUDENT2', locale: 'fr', kind: 'learner' },
};

export const USER_KEYS = Object.keys(PEOPLE) as UserKey[];

function digest(algorithm: 'sha1' | 'sha256', text: string): string {
  return createHash(algorithm).update(text).digest('hex');
}

/** A stable UUID-shaped id per person, so Canvas subs do not change between runs. */
function stableUuid(seed: string): string {
  const h = digest('sha256', seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function moodleRoles(kind: Person['kind']): { roles: string[]; membershipRoles: string[] } {
  switch (kind) {
    case 'admin':
      return { roles: [ROLE.institutionAdministrator, ROLE.instructor, ROLE.systemAdministrator], membershipRoles: [] };
    case 'instructor':
    case 'teachingAssistant':
      return { roles: [ROLE.instructor], membershipRoles: ['Instructor'] };
    case 'learner':
      return { roles: [ROLE.learner], membershipRoles: ['Learner'] };
  }
}

function canvasRoles(kind: Person['kind']): { roles: string[]; membershipRoles: string[] } {
  switch (kind) {
    case 'admin':
      return { roles: [ROLE.institutionAdministrator, ROLE.systemSysAdmin, ROLE.systemUser], membershipRoles: [] };
    case 'instructor':
      return { roles: [ROLE.institutionInstructor, ROLE.instructor, ROLE.systemUser], membershipRoles: [ROLE.instructor] };
    case 'teachingAssistant':
      return { roles: [ROLE.teachingAssistant, ROLE.systemUser], membershipRoles: [ROLE.teachingAssistant] };
    case 'learner':
      return { roles: [ROLE.institutionStudent, ROLE.learner, ROLE.systemUser], membershipRoles: [ROLE.learner] };
  }
}

function buildUser(person: Person, flavour: Flavour): UserSpec {
  const name = `${person.givenName} ${person.familyName}`;
  const email = person.kind === 'admin' ? 'admin@example.com' : `${person.username}@example.com`;
  if (flavour === 'moodle') {
    return {
      sub: person.id,
      loginHint: person.id,
      platformUserId: person.id,
      name,
      givenName: person.givenName,
      familyName: person.familyName,
      email,
      username: person.username,
      sourcedId: person.sourcedId,
      locale: person.locale,
      ...moodleRoles(person.kind),
    };
  }
  const legacyUserId = digest('sha1', `learner-voice-canvas-user-${person.id}`);
  return {
    sub: stableUuid(`learner-voice-canvas-user-${person.id}`),
    loginHint: legacyUserId,
    legacyUserId,
    platformUserId: person.id,
    name,
    givenName: person.givenName,
    familyName: person.familyName,
    email,
    username: email,
    // Test Canvas accounts rarely have SIS ids: Canvas then sends the variable name unexpanded.
    sourcedId: undefined,
    locale: person.locale,
    picture: 'https://canvas.instructure.com/images/messages/avatar-50.png',
    ...canvasRoles(person.kind),
  };
}

export function defaultUsers(flavour: Flavour): Record<UserKey, UserSpec> {
  const users = {} as Record<UserKey, UserSpec>;
  for (const key of USER_KEYS) users[key] = buildUser(PEOPLE[key], flavour);
  return users;
}

/** Completes a custom user: what is not given comes from the learner template. */
export function completeUser(input: UserInput, flavour: Flavour): UserSpec {
  const template = buildUser(PEOPLE.learner, flavour);
  const givenName = input.givenName ?? 'Test';
  const familyName = input.familyName ?? `User ${input.sub}`;
  const legacyUserId = flavour === 'canvas' ? digest('sha1', `learner-voice-custom-${input.sub}`) : undefined;
  return {
    ...template,
    name: input.name ?? `${givenName} ${familyName}`,
    givenName,
    familyName,
    email: `user${input.sub}@example.com`,
    username: `user${input.sub}`,
    sourcedId: undefined,
    loginHint: legacyUserId ?? input.sub,
    platformUserId: input.sub,
    legacyUserId,
    ...input,
  };
}

export function isTeaching(user: UserSpec): boolean {
  return user.roles.some((r) => /#(Instructor|Administrator|SysAdmin|TeachingAssistant|ContentDeveloper)$/.test(r));
}
