import { msg } from '../../../shared/messageTemplate';

export type ConnectionErrorKind =
  'dns' | 'refused' | 'timeout' | 'unreachable' | 'auth' | 'host-key-unknown' | 'host-key-mismatch' | 'host-key-revoked' | 'closed' | 'unknown';

export interface ExplainedError {
  kind: ConnectionErrorKind;
  /** English template with `{0}` placeholders: what happened and what to do. */
  message: string;
  args: Array<string | number>;
}

/**
 * A connection error in words a user can act on. `error` is what Node or ssh2 threw
 * (`code`, `level`, `message`); `where` is `user@host:port`.
 */
export function explainConnectionError(error: { code?: string; level?: string; message?: string }, where: string, timeoutSeconds: number): ExplainedError {
  const code = error.code ?? '';
  const text = error.message ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /getaddrinfo/.test(text)) {
    return {
      kind: 'dns',
      message: msg('Cannot find the host {0}: the name does not resolve. Check the spelling, your ~/.ssh/config HostName, or your VPN.'),
      args: [where],
    };
  }
  if (code === 'ECONNREFUSED')
    return {
      kind: 'refused',
      message: msg('{0} refused the connection: no SSH server listens on that port. Check the port (ssh config Port) and that sshd runs.'),
      args: [where],
    };
  if (code === 'ETIMEDOUT' || error.level === 'client-timeout' || /Timed out while waiting for handshake/i.test(text)) {
    return {
      kind: 'timeout',
      message: msg('No answer from {0} within {1} s: the host is down, or a firewall or VPN is in the way.'),
      args: [where, timeoutSeconds],
    };
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return { kind: 'unreachable', message: msg('{0} is unreachable from this machine: check the network or VPN.'), args: [where] };
  if (error.level === 'client-authentication' || /authentication methods failed/i.test(text)) {
    return {
      kind: 'auth',
      message: msg(
        "{0} refused every way of logging in (agent, key files, password). Check the user name, that your public key is in the host's authorized_keys, or the password.",
      ),
      args: [where],
    };
  }
  if (code === 'ECONNRESET' || /Connection lost|socket hang up|Not connected/i.test(text)) {
    return { kind: 'closed', message: msg('The connection to {0} was closed.'), args: [where] };
  }
  return { kind: 'unknown', message: msg('Could not connect to {0}: {1}'), args: [where, text || code || 'unknown error'] };
}

export function hostKeyNotTrusted(where: string): ExplainedError {
  return { kind: 'host-key-unknown', message: msg('The host key of {0} was not trusted, so the connection was closed.'), args: [where] };
}

export function badProxyJump(spec: string): ExplainedError {
  return { kind: 'unknown', message: msg('ProxyJump {0} is not a host TuneLab can reach: use [user@]host[:port] or an ssh config alias.'), args: [spec] };
}

export function hostKeyMismatch(where: string, presented: string, known: readonly string[], trustStore: string): ExplainedError {
  return {
    kind: 'host-key-mismatch',
    message: msg(
      "The host key of {0} has changed: it presented {1}, but {2} is known. Someone may be intercepting the connection, so TuneLab refused it. If the host was reinstalled, remove its old entry from ~/.ssh/known_hosts (ssh-keygen -R <host>) and from TuneLab's own trust store ({3}, ssh-keygen -R <host> -f <file>), then connect again.",
    ),
    args: [where, presented, known.join(', '), trustStore],
  };
}

export function hostKeyRevoked(where: string, presented: string): ExplainedError {
  return {
    kind: 'host-key-revoked',
    message: msg('The host key of {0} ({1}) is marked @revoked in known_hosts: TuneLab refused the connection.'),
    args: [where, presented],
  };
}
