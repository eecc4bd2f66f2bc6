/** CONNECT gets a 405 and a closed connection instead of a silently dropped one. */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { refuseConnectMethod } from '../../src/http/connect-method';

describe('CONNECT requests', () => {
  it('are answered 405 with the methods served, the connection closed, and the server goes on serving', async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    refuseConnectMethod(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.write('CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString('utf8')));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 405 Method Not Allowed');
      expect(answer).toContain('\r\nAllow: GET, HEAD, POST\r\n');
      expect(answer.endsWith('\r\n\r\nMethod not allowed.')).toBe(true);
      const after = await fetch(`http://127.0.0.1:${port}/`);
      expect(await after.text()).toBe('ok');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
