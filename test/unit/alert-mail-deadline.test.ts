/**
 * An SMTP server that is never idle long enough for nodemailer's own limits (it answers a byte at a
 * time): the send fails at its whole-send deadline instead of waiting as long as the server likes,
 * and the next send does not wait for the first.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { smtpMailer } from '../../src/listening/alerts/alert-mail';
import type { Alert } from '../../src/storage/ports/alerts';

const alert = {
  id: 'a1',
  course: { issuer: 'https://lms.example.edu', clientId: 'c', deploymentId: 'd', contextId: 'course-1' },
  kind: 'unanswered-low',
  facts: { rating: 1, days: 2 },
  createdAt: new Date('2031-03-02T09:00:00Z'),
} as unknown as Alert;

it('a send to a server that trickles its answers fails at the deadline, and the next one too', async () => {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.write('220 slow.example ESMTP\r\n');
    // Whatever is asked, the answer comes one byte every 100 ms, forever.
    const timer = setInterval(() => socket.write('2'), 100);
    socket.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const mailer = smtpMailer(`smtp://127.0.0.1:${(server.address() as AddressInfo).port}`, 'alerts@example.edu', 300);
  try {
    await expect(mailer.send('teacher@example.edu', alert, 'Course', 'en')).rejects.toThrow('did not take the message within 0.6 s');
    await expect(mailer.send('teacher@example.edu', alert, 'Course', 'en')).rejects.toThrow('did not take the message');
    expect(sockets.length).toBe(2);
  } finally {
    mailer.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});
