import type { UpdateQuery } from 'mongoose';
import type { CourseRole } from '../../context/roles';
import type { ContextKey } from '../../context/tenant';
import type { CourseMember, MemberStore } from '../port';
import { retryOnceOnDuplicateKey } from './errors';
import { courseFilter, memberFilter } from './keys';
import { MemberModel, type MemberDoc } from './models';

/** One `$set` stage of an update pipeline; values are aggregation expressions. */
export type MemberUpdateStage = { $set: Record<string, unknown> };

/**
 * The launch as ONE update pipeline rather than the classic operators.
 *
 * The classic form ($setOnInsert firstLaunchAt, $set name/role/lastLaunchAt, $inc launchCount) cannot
 * say "set firstLearnerLaunchAt only if it is absent": that needs either a second conditional update
 * (a window in which a learner's member exists without the date, and two round trips) or a pipeline.
 * A pipeline does all of it in one atomic findOneAndUpdate: $ifNull keeps existing first dates
 * (the $setOnInsert), $add on the old count does the $inc. Requires MongoDB 4.2+.
 *
 * Values coming from outside go through $literal: inside a pipeline a string starting with '$' is a
 * field path, so a user named "$launchCount" would otherwise copy that field instead of the name.
 */
export function recordLaunchPipeline(name: string, role: CourseRole, at: Date): MemberUpdateStage[] {
  const fields: Record<string, unknown> = {
    name: { $literal: name },
    role: { $literal: role },
    lastLaunchAt: { $literal: at },
    firstLaunchAt: { $ifNull: ['$firstLaunchAt', { $literal: at }] },
    launchCount: { $add: [{ $ifNull: ['$launchCount', 0] }, 1] },
  };
  // For an instructor launch the field is not mentioned at all, so an existing value stays as is.
  if (role === 'learner') {
    fields.firstLearnerLaunchAt = { $ifNull: ['$firstLearnerLaunchAt', { $literal: at }] };
  }
  return [{ $set: fields }];
}

export function toCourseMember(doc: MemberDoc): CourseMember {
  return {
    course: {
      issuer: doc.issuer,
      clientId: doc.clientId,
      deploymentId: doc.deploymentId ?? '',
      contextId: doc.contextId ?? '',
    },
    userId: doc.userId ?? '',
    name: doc.name ?? '',
    role: doc.role,
    firstLaunchAt: new Date(doc.firstLaunchAt),
    lastLaunchAt: new Date(doc.lastLaunchAt),
    ...(doc.firstLearnerLaunchAt != null ? { firstLearnerLaunchAt: new Date(doc.firstLearnerLaunchAt) } : {}),
    launchCount: doc.launchCount,
  };
}

export function createMemberStore(): MemberStore {
  return {
    async recordLaunch(course: ContextKey, userId, name, role, at) {
      const filter = memberFilter(course, userId);
      // mongoose runs update pipelines through findOneAndUpdate (it leaves them uncast) but its
      // typings only declare pipelines for updateOne/updateMany, hence the cast of the update.
      const update = recordLaunchPipeline(name, role, at) as unknown as UpdateQuery<MemberDoc>;
      const doc = await retryOnceOnDuplicateKey(() =>
        MemberModel.findOneAndUpdate(filter, update, {
          upsert: true,
          returnDocument: 'after',
          // mongoose 9 refuses an array update unless told it is a pipeline (it does not cast one).
          updatePipeline: true,
          // Mongoose would otherwise try to graft $setOnInsert defaults onto the pipeline array.
          setDefaultsOnInsert: false,
        })
          .lean<MemberDoc>()
          .exec(),
      );
      return toCourseMember(doc);
    },

    async findMember(course, userId) {
      const doc = await MemberModel.findOne(memberFilter(course, userId)).lean<MemberDoc>().exec();
      return doc ? toCourseMember(doc) : null;
    },

    countMembers(course) {
      return MemberModel.countDocuments(courseFilter(course)).exec();
    },
  };
}
