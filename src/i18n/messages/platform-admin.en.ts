/** English texts of the platform states a launch can meet (launch/platform-status.ts); the admin's commands are in cli/. */
export const platformAdminEn = {
  'error.LAUNCH_PLATFORM_PENDING.title': 'Platform not yet activated',
  'error.LAUNCH_PLATFORM_PENDING.message': 'Your LMS is registered with Learner Voice and awaits the approval of the tool administrator.',
  'error.LAUNCH_PLATFORM_PENDING.hint': 'The tool administrator approves it with learner-voice platform activate {issuer} {clientId}.',
} as const;
