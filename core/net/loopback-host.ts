import { isIP } from 'node:net';

/**
 * True when `host` names this machine: "localhost" (and *.localhost, RFC 6761), 127.0.0.0/8, ::1.
 * Traffic to such a host never leaves the machine, so it may go without TLS.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const version = isIP(name);
  if (version === 4) return name.startsWith('127.');
  if (version === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(name);
  return false;
}
