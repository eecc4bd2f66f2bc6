/** Les refus de l’API de lecture (api/), envoyés en application/problem+json. */
export const apiFr = {
  'error.API_UNAUTHORIZED.title': "Jeton d’API requis",
  'error.API_UNAUTHORIZED.message': "Cette requête demande un jeton d’API de lecture valide de la plateforme, envoyé dans l’en-tête Authorization, sous la forme Bearer suivi du jeton.",
  'error.API_UNAUTHORIZED.hint': "L’administrateur d’une plateforme crée un jeton avec learner-voice api-token create ; un jeton révoqué cesse aussitôt de fonctionner.",
  'error.API_NOT_FOUND.title': "Introuvable",
  'error.API_NOT_FOUND.message': "Il n’y a rien à cette adresse pour ce jeton : point d’accès inconnu, ou aucun cours de ce nom sur la plateforme du jeton.",
  'error.API_NOT_FOUND.hint': "Les points d’accès sont décrits dans /api/openapi.json ; les identifiants de cours viennent de GET /api/v1/courses.",
  'error.API_INVALID_LIMIT.title': "Limite non valide",
  'error.API_INVALID_LIMIT.message': "La limite doit être un nombre entier de 1 à {max}.",
  'error.API_INVALID_LIMIT.hint': "Omettez-la pour obtenir la taille de page par défaut.",
  'error.API_INVALID_PARAMETER.title': "Paramètre non valide",
  'error.API_INVALID_PARAMETER.message': "Le paramètre {name} doit être donné une seule fois, en texte simple.",
  'error.API_INVALID_PARAMETER.hint': "Envoyez chaque paramètre de requête au plus une fois.",
  'error.API_UNKNOWN_PARAMETER.title': "Paramètre inconnu",
  'error.API_UNKNOWN_PARAMETER.message': "Ce point d’accès ne prend pas ce paramètre de requête. Il accepte : {accepted}.",
  'error.API_UNKNOWN_PARAMETER.hint': "Les paramètres de chaque point d’accès sont décrits dans /api/openapi.json.",
} as const;
