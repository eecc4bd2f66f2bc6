/**
 * Names and Role Provisioning Services 2.0 (NRPS §2): the course's membership container.
 * Moodle (fixtures/moodle-5.1/services-calls.json) answers with short role names ("Learner"),
 * lis_person_sourcedid and ext_user_username; Canvas with role URIs, picture and
 * lti11_legacy_user_id. Both page with `limit` and a Link: rel="next" header (NRPS §2.4.2).
 */
import type { Request, Response } from 'express';
import { MEDIA_TYPE, SCOPE } from './constants';
import type { PlatformCore } from './core';
import { requireScope } from './token';
import type { UserSpec } from './types';

function shortRole(role: string): string {
  const hash = role.lastIndexOf('#');
  return hash >= 0 ? role.slice(hash + 1) : role;
}

function member(core: PlatformCore, user: UserSpec): Record<string, unknown> {
  if (core.flavour === 'moodle') {
    return {
      status: 'Active',
      roles: [...user.membershipRoles],
      user_id: user.sub,
      lis_person_sourcedid: user.sourcedId ?? '',
      name: user.name,
      given_name: user.givenName,
      family_name: user.familyName,
      email: user.email,
      ext_user_username: user.username,
    };
  }
  const out: Record<string, unknown> = {
    status: 'Active',
    name: user.name,
    picture: user.picture,
    given_name: user.givenName,
    family_name: user.familyName,
    email: user.email,
    user_id: user.sub,
    lti11_legacy_user_id: user.legacyUserId,
    roles: [...user.membershipRoles],
  };
  if (user.sourcedId) out.lis_person_sourcedid = user.sourcedId;
  return out;
}

export function handleMemberships(core: PlatformCore, req: Request, res: Response, contextParam: string, byNumericId: boolean): void {
  if (!requireScope(core, req, res, [SCOPE.nrps])) return;
  const course = core.config.courses.find((c) => contextParam === (byNumericId ? c.numericId : c.id));
  if (!course) {
    res.status(404).type('text/plain').send('No such context');
    return;
  }
  const nrpsUrl = core.urls.forCourse(course).nrps;
  const role = typeof req.query.role === 'string' ? req.query.role : undefined;
  let members = core.members(course);
  if (role) members = members.filter((u) => u.membershipRoles.some((r) => r === role || shortRole(r) === shortRole(role)));

  const limit = Number(req.query.limit);
  const from = Number(req.query.from) || 0;
  const paged = Number.isInteger(limit) && limit > 0;
  const page = paged ? members.slice(from, from + limit) : members;
  if (paged && from + limit < members.length) {
    const next = new URL(nrpsUrl);
    if (role) next.searchParams.set('role', role);
    next.searchParams.set('limit', String(limit));
    next.searchParams.set('from', String(from + limit));
    res.set('Link', `<${next.toString()}>; rel="next"`);
  }
  const self = new URL(nrpsUrl);
  for (const [key, value] of Object.entries(req.query)) if (typeof value === 'string') self.searchParams.set(key, value);
  res
    .status(200)
    .type(`${MEDIA_TYPE.membershipContainer}; charset=utf-8`)
    .send(
      JSON.stringify({
        id: self.toString(),
        context: { id: course.id, label: course.label, title: course.title },
        members: page.map((u) => member(core, u)),
      }),
    );
}
