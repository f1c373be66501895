import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';

/**
 * A minimal SMTP peer that accepts the whole message and then drops the connection instead of
 * answering 250: the crash window where the sender cannot know whether the mail was delivered.
 */
export async function startDroppingSmtpPeer(): Promise<{
  port: number;
  /** Messages transmitted in full (each then dropped). */
  received(): number;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let received = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let inData = false;
    let buffer = '';
    socket.write('220 dropping-peer ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      if (inData) {
        if (buffer.includes('\r\n.\r\n')) {
          received += 1;
          socket.destroy();
        }
        return;
      }
      let newline = buffer.indexOf('\r\n');
      while (newline >= 0 && !inData) {
        const line = buffer.slice(0, newline).toUpperCase();
        buffer = buffer.slice(newline + 2);
        if (line.startsWith('EHLO')) socket.write('250-dropping-peer\r\n250 8BITMIME\r\n');
        else if (line.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else socket.write('250 ok\r\n');
        newline = buffer.indexOf('\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
