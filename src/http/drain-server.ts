/**
 * Graceful stop of the HTTP server, for rolling restarts: stop accepting, let the requests in flight
 * finish (a review being saved completes), close keep-alive connections as soon as they fall idle,
 * and cut whatever is still open at the deadline, so that a slow client cannot hold the stop forever.
 */
import type http from 'node:http';

/** Resolves once every connection is closed; `drainMs` bounds the wait. */
export function drainServer(server: http.Server, drainMs: number): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      clearInterval(idleSweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
    // A keep-alive connection becomes idle when its request ends; Node only closes idle connections
    // when asked, so ask again until none is left.
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => server.closeAllConnections(), drainMs);
  });
}
