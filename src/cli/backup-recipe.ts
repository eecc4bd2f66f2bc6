/**
 * What `learner-voice backup` and `restore` print when the store is MongoDB: the tool does not copy a
 * MongoDB database itself (the server's own tools do it better and from a secondary), so the command
 * gives the recipe for this deployment's database. Every collection of the tool, ltijs's records
 * included, carries the lv_ prefix (storage/mongo/models.ts), so one namespace pattern selects them.
 */
export function mongoBackupRecipe(database: string): string {
  const db = database || '<database>';
  return `The store is MongoDB: copy it with MongoDB's own tools (mongodump and mongorestore, from MongoDB Database Tools).

Back up the tool's collections (all named lv_*, ltijs's records included):
  mongodump --uri "$MONGODB_URI" --readPreference=secondaryPreferred --nsInclude='${db}.lv_*' --gzip --archive=learner-voice.archive.gz

Restore them (the tool stopped, or pointed at the restored database only once mongorestore is done):
  mongorestore --uri "$MONGODB_URI" --nsInclude='${db}.lv_*' --drop --gzip --archive=learner-voice.archive.gz

Replica-set caveats:
  - A dump of some collections is not a point in time: mongodump reads one collection after another,
    so a review written meanwhile can be in lv_reviews without its lv_review_summaries change.
    --oplog (with mongorestore --oplogReplay) makes a dump consistent, but mongodump accepts it only
    for a dump of the whole deployment, not with --nsInclude or --db. So either dump the whole
    deployment with --oplog, or stop the tool (or every instance) while dumping only the lv_ collections,
    or use a storage snapshot (filesystem or cloud provider) of a secondary, which is consistent.
  - Dump from a secondary (--readPreference) so the primary keeps serving; restore through the primary
    (mongorestore writes with majority write concern on a replica set by default).
  - Restore with the same LTI_KEY: ltijs's platform keys in lv_ltijs_records are encrypted with it.
  - The tool rebuilds its indexes when it starts; mongorestore also restores those saved in the dump.`;
}
