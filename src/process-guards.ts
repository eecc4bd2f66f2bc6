/**
 * What happens when a bug escapes every request handler.
 * - A rejected promise nobody awaited (typically inside a dependency) is logged with the request it
 *   belongs to and the process goes on: one request's bug must not take every course's panels down.
 * - An uncaught exception leaves the process in an unknown state (Node's own advice), so it is
 *   logged and the process exits with status 1; the supervisor starts a fresh one (Docker's
 *   `restart: unless-stopped` in docker-compose.yml, or systemd's `Restart=on-failure`).
 */
import type { Logger } from './http/logger';
import { currentRequest } from './http/request-scope';

export function guardProcess(logger: Logger, exit: (code: number) => void = (code) => process.exit(code)): () => void {
  const onRejection = (reason: unknown) => {
    logger.error({ err: reason, request: currentRequest() }, 'unhandled promise rejection (process continues)');
  };
  const onException = (err: unknown) => {
    logger.fatal({ err, request: currentRequest() }, 'uncaught exception: exiting so that the supervisor restarts the tool');
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
