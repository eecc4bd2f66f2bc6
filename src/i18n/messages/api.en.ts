/** The read API's refusals (api/), sent as application/problem+json. */
export const apiEn = {
  'error.API_UNAUTHORIZED.title': 'API token required',
  'error.API_UNAUTHORIZED.message': 'This request needs a valid read-API token of the platform, sent in the Authorization header as Bearer followed by the token.',
  'error.API_UNAUTHORIZED.hint': 'A platform’s admin creates a token with learner-voice api-token create; a revoked token stops working at once.',
  'error.API_NOT_FOUND.title': 'Not found',
  'error.API_NOT_FOUND.message': 'There is nothing at this address for this token: no such endpoint, or no such course on the token’s platform.',
  'error.API_NOT_FOUND.hint': 'The endpoints are described at /api/openapi.json; course ids come from GET /api/v1/courses.',
  'error.API_INVALID_LIMIT.title': 'Invalid limit',
  'error.API_INVALID_LIMIT.message': 'The limit must be a whole number from 1 to {max}.',
  'error.API_INVALID_LIMIT.hint': 'Leave it out to get the default page size.',
  'error.API_INVALID_PARAMETER.title': 'Invalid parameter',
  'error.API_INVALID_PARAMETER.message': 'The parameter {name} must be given once, as plain text.',
  'error.API_INVALID_PARAMETER.hint': 'Send each query parameter at most once.',
  'error.API_UNKNOWN_PARAMETER.title': 'Unknown parameter',
  'error.API_UNKNOWN_PARAMETER.message': 'This endpoint does not take that query parameter. It accepts: {accepted}.',
  'error.API_UNKNOWN_PARAMETER.hint': 'The parameters of each endpoint are described at /api/openapi.json.',
} as const;
