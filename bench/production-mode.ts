/**
 * Imported first by run.ts. Deployments run with NODE_ENV=production (Dockerfile), which makes
 * Express cache compiled views; without it every panel view would be recompiled from EJS on each
 * request and the bench would measure a development server. The tool's own config is still read
 * from an explicit object (servers.ts), so this only changes what Express and libraries see.
 */
process.env.NODE_ENV = 'production';

export {};
