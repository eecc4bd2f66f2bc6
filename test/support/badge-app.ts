/**
 * The badge routes on an Express app set up as src/app.ts sets up the real one (helmet's global headers
 * first, the catalogue's error pages last), so that the headers a test sees are the ones the tool sends.
 * Until the lead mounts badgeRoutes in createApp, this is where they run.
 */
import path from 'node:path';
import express from 'express';
import { badgeRoutes, type BadgeRoutesOptions } from '../../src/catalogue/badge/badge-routes';
import type { BadgeSource } from '../../src/catalogue/badge/badge-source';
import { readConfig } from '../../src/config';
import { errorHandler } from '../../src/http/error-handler';
import { AppError } from '../../src/http/errors';
import { createLogger } from '../../src/http/logger';
import { VIEW_OPTIONS, VIEWS_ROOT } from '../../src/http/render';
import { securityHeaders } from '../../src/http/security-headers';

export function badgeApp(source: BadgeSource, options: Partial<BadgeRoutesOptions> = {}): express.Express {
  const config = readConfig({ NODE_ENV: 'test', BASE_URL: 'http://tool.example', LOG_LEVEL: 'silent' });
  const logger = createLogger('silent');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('view engine', 'ejs');
  app.set('views', VIEWS_ROOT);
  app.set('view options', VIEW_OPTIONS);
  app.use(securityHeaders());
  app.use('/static', express.static(path.resolve(__dirname, '../../public'), { index: false }));
  app.use(badgeRoutes({ source, logger, ...options }));
  app.use((_req, _res, next) => next(new AppError('NOT_FOUND')));
  app.use(errorHandler(config, logger));
  return app;
}
