/**
 * Checks on the OIDC third-party login initiation (LTI Security Framework §5.1.1) before ltijs
 * answers it. ltijs would send the user's browser to whatever target_link_uri the request names
 * (it becomes the redirect_uri), so a foreign one is refused here, never redirected to.
 */
import type { RequestHandler } from 'express';
import type { Config } from '../config';
import { toolUrls } from '../config';
import { asyncHandler } from '../http/async-handler';
import { AppError } from '../http/errors';
import type { Storage } from '../storage/port';
import { isSameEndpoint } from './claims';
import { checkLoginParams } from './lti-params';

export function loginGuard(config: Config, storage: Storage): RequestHandler {
  const launchUrl = toolUrls(config.baseUrl).launch;
  return asyncHandler(async (req, _res, next) => {
    const params: Record<string, unknown> = { ...req.query, ...(req.body && typeof req.body === 'object' ? req.body : {}) };
    const missing = ['iss', 'login_hint', 'target_link_uri'].filter((name) => params[name] === undefined || params[name] === '');
    if (missing.length) throw new AppError('LOGIN_MISSING_PARAMS', { missing }, { missing: missing.join(', ') });
    checkLoginParams(req);
    if (!isSameEndpoint(params.target_link_uri, launchUrl))
      throw new AppError('LOGIN_FOREIGN_TARGET', { target: params.target_link_uri, iss: params.iss }, { launchUrl });

    const issuer = String(params.iss);
    const clientId = typeof params.client_id === 'string' ? params.client_id : undefined;
    const candidates = (await storage.platforms.listPlatforms()).filter((p) => p.issuer === issuer && (!clientId || p.clientId === clientId));
    if (candidates.length === 0) throw new AppError('LAUNCH_UNKNOWN_PLATFORM', { issuer, clientId }, { issuer });
    const deploymentId = params.lti_deployment_id;
    if (typeof deploymentId === 'string' && deploymentId !== '' && !candidates.some((p) => p.deploymentIds.includes(deploymentId)))
      throw new AppError('LAUNCH_UNKNOWN_DEPLOYMENT', { issuer, clientId, deploymentId }, { deployment: deploymentId });
    next();
  });
}
