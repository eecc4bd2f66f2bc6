/** The role-matching rule of training manager designations (context/manager-roles.ts), alone. */
import { designationRoleKey, launchRoleKeys, userIdProblem } from '../../src/context/manager-roles';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2';
const matches = (designated: string, launchRoles: string[]) => {
  const key = designationRoleKey(designated);
  if ('problem' in key) throw new Error(key.problem);
  return launchRoleKeys(launchRoles).includes(key.key);
};

describe('a role designation meets the launch roles', () => {
  it.each([
    [`${LIS}/institution/person#Administrator`, `${LIS}/institution/person#Administrator`],
    [`${LIS}/institution/person#Mentor`, 'urn:lti:instrole:ims/lis/Mentor'],
    [`${LIS}/membership#Instructor`, 'Instructor'],
    [`${LIS}/membership/Instructor#TeachingAssistant`, 'urn:lti:role:ims/lis/Instructor/TeachingAssistant'],
    ['Mentor', `${LIS}/membership#Mentor`],
    ['Mentor', `${LIS}/institution/person#Mentor`],
    ['Mentor', `${LIS}/system/person#Mentor`],
    ['TeachingAssistant', `${LIS}/membership/Instructor#TeachingAssistant`],
    ['Instructor#TeachingAssistant', `${LIS}/membership/Instructor#TeachingAssistant`],
    ['https://lms.example/roles#TrainingManager', 'https://lms.example/roles#TrainingManager'],
    ['  https://lms.example/roles#TrainingManager ', ' https://lms.example/roles#TrainingManager'],
  ])('%s matches a launch with %s', (designated, launched) => {
    expect(matches(designated, [launched])).toBe(true);
  });

  it.each([
    [`${LIS}/institution/person#Mentor`, `${LIS}/membership#Mentor`, 'a full URI keeps its scope'],
    [`${LIS}/membership#Instructor`, `${LIS}/membership/Instructor#TeachingAssistant`, 'a sub-role is not its parent'],
    ['Mentor', 'mentor', 'names are case-sensitive, as the LIS vocabulary'],
    ['Mentor', `${LIS}/membership#MentorX`, 'no prefix match'],
    ['https://lms.example/roles#TrainingManager', 'https://lms.example/roles#trainingmanager', 'a custom URI matches exactly'],
    ['https://lms.example/roles#TrainingManager', 'TrainingManager', 'a custom URI is not a short name'],
  ])('%s does not match %s (%s)', (designated, launched) => {
    expect(matches(designated, [launched])).toBe(false);
  });

  it('refuses what is no role, and says why', () => {
    expect(designationRoleKey('  ')).toEqual({ problem: 'required' });
    expect(designationRoleKey('Training manager')).toEqual({ problem: 'invalid' });
    expect(designationRoleKey('https://lms.example/a b')).toEqual({ problem: 'invalid' });
    expect(designationRoleKey('https://lms.example/\u0000x')).toEqual({ problem: 'invalid' });
    expect(designationRoleKey(`https://x/${'a'.repeat(600)}`)).toEqual({ problem: 'too-long' });
  });

  it('bounds what a hostile launch makes it look at', () => {
    const roles = Array.from({ length: 10_000 }, (_, i) => `${LIS}/membership#R${i}`);
    expect(launchRoleKeys(roles).length).toBeLessThanOrEqual(64 * 3);
    expect(launchRoleKeys(['x'.repeat(10_000), 42 as unknown as string])).toEqual([]);
  });

  it('checks a user id without changing it', () => {
    expect(userIdProblem('42')).toBeNull();
    expect(userIdProblem(' 42 ')).toBeNull();
    expect(userIdProblem('')).toBe('required');
    expect(userIdProblem('x'.repeat(256))).toBe('too-long');
    expect(userIdProblem('a\nb')).toBe('invalid');
  });
});
