/**
 * CONNECT (a proxy's tunnel request) never reaches Express: Node hands it to the server's 'connect'
 * listeners and, with none, drops the connection without a word. The tool is no proxy: it answers
 * 405 with the methods it serves, and closes the connection.
 */
import type { Server } from 'node:http';

const BODY = 'Method not allowed.';
const ANSWER = ['HTTP/1.1 405 Method Not Allowed', 'Allow: GET, HEAD, POST', 'Content-Type: text/plain; charset=utf-8', `Content-Length: ${Buffer.byteLength(BODY)}`, 'Connection: close', '', BODY].join('\r\n');

export function refuseConnectMethod(server: Server): void {
  server.on('connect', (_req, socket) => {
    socket.on('error', () => undefined);
    socket.end(ANSWER);
  });
}
