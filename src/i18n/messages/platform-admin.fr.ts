/** Textes français des états de plateforme qu’un lancement peut rencontrer (launch/platform-status.ts). */
export const platformAdminFr = {
  'error.LAUNCH_PLATFORM_PENDING.title': 'Plateforme pas encore activée',
  'error.LAUNCH_PLATFORM_PENDING.message': 'Votre plateforme est enregistrée auprès de Learner Voice et attend l’accord de l’administrateur de l’outil.',
  'error.LAUNCH_PLATFORM_PENDING.hint': 'L’administrateur de l’outil l’approuve avec learner-voice platform activate {issuer} {clientId}.',
} as const;
