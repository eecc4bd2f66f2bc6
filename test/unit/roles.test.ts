import { courseRoleOf, isPlatformAdmin, parseRole } from '../../src/context/roles';
import admin from '../fixtures/moodle-admin-roles.json';

const M = 'http://purl.imsglobal.org/vocab/lis/v2/membership';
const I = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person';
const S = 'http://purl.imsglobal.org/vocab/lis/v2/system/person';

describe('course role mapping', () => {
  it.each([
    ['a Moodle student', [`${M}#Learner`], 'learner'],
    ['a Moodle editing teacher', [`${M}#Instructor`], 'instructor'],
    ['the Moodle site admin (three role URIs)', admin.roles, 'instructor'],
    ['a Canvas student', [`${I}#Student`, `${M}#Learner`, `${S}#User`], 'learner'],
    ['a Canvas teacher', [`${I}#Instructor`, `${M}#Instructor`, `${S}#User`], 'instructor'],
    ['a Canvas account admin not enrolled in the course', [`${I}#Administrator`, `${S}#SysAdmin`, `${S}#User`], 'instructor'],
    ['a Canvas teaching assistant (sub-role)', [`${M}/Instructor#TeachingAssistant`, `${M}#Instructor`], 'instructor'],
    ['a teaching assistant sent as a context role only', [`${M}#TeachingAssistant`], 'instructor'],
    ['a Canvas designer', [`${M}#ContentDeveloper`], 'instructor'],
    ['a course administrator', [`${M}#Administrator`], 'instructor'],
    ['an instructor in short form', ['Instructor'], 'instructor'],
    ['a learner in short form', ['Learner'], 'learner'],
    ['an LTI 1.1 instructor URN', ['urn:lti:role:ims/lis/Instructor'], 'instructor'],
    ['an LTI 1.1 admin URN', ['urn:lti:sysrole:ims/lis/SysAdmin'], 'instructor'],
    ['a mentor (parent or observer)', [`${M}#Mentor`], 'learner'],
    ['an institution instructor with a learner membership', [`${I}#Instructor`, `${M}#Learner`], 'learner'],
    ['a guest with no role', [], 'learner'],
    ['an unknown role URI', ['http://example.com/roles#Boss'], 'learner'],
  ])('%s acts as %s', (_who, roles, expected) => {
    expect(courseRoleOf(roles as string[])).toBe(expected);
  });

  it('reads the parts of a sub-role', () => {
    expect(parseRole(`${M}/Instructor#TeachingAssistant`)).toEqual({ scope: 'context', name: 'TeachingAssistant', parent: 'Instructor' });
    expect(parseRole(`${S}#SysAdmin`)).toEqual({ scope: 'system', name: 'SysAdmin' });
  });
});

describe('platform administrators (who may manage the catalogue\'s external sources)', () => {
  it.each([
    ['the Moodle site admin (three role URIs)', admin.roles, true],
    ['a Canvas account admin', [`${I}#Administrator`, `${S}#SysAdmin`, `${S}#User`], true],
    ['a system SysAdmin alone', [`${S}#SysAdmin`], true],
    ['an institution Administrator added to a teacher', [`${M}#Instructor`, `${I}#Administrator`], true],
    ['an LTI 1.1 system admin URN', ['urn:lti:sysrole:ims/lis/SysAdmin'], true],
    ['an LTI 1.1 institution admin URN', ['urn:lti:instrole:ims/lis/Administrator'], true],
    ['a course administrator (context role only)', [`${M}#Administrator`], false],
    ['an administrator in short form (a context role)', ['Administrator'], false],
    ['an editing teacher', [`${M}#Instructor`], false],
    ['a Canvas teacher', [`${I}#Instructor`, `${M}#Instructor`, `${S}#User`], false],
    ['a learner', [`${M}#Learner`], false],
    ['nobody', [], false],
    ['a look-alike URI', ['http://example.com/institution/person#Administrator'], false],
  ])('%s: %s', (_who, roles, expected) => {
    expect(isPlatformAdmin(roles as string[])).toBe(expected);
  });
});
