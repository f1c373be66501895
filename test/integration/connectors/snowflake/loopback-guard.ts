import net from 'node:net';

/**
 * Records every host a socket connects to that is not loopback, so a test can assert that the
 * driver (which opens its own sockets, e.g. for stage uploads) never leaves the machine.
 * `restore` puts the original connect back.
 */
export function watchRemoteHosts(): { readonly remoteHosts: string[]; restore(): void } {
  const remoteHosts: string[] = [];
  const originalConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const target = args[0] as { host?: string } | number | string;
    const host =
      typeof target === 'object' && target !== null
        ? (target.host ?? 'localhost')
        : String(args[1] ?? 'localhost');
    if (!['127.0.0.1', 'localhost', '::1'].includes(host)) remoteHosts.push(host);
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  return {
    remoteHosts,
    restore: () => {
      net.Socket.prototype.connect = originalConnect;
    },
  };
}
