// The SSH side of TuneLab, bundled on its own (dist/remote.js): the extension loads it on the
// first job command, so ssh2 never costs anything at activation. The CLI links it directly.
export { hostConnector } from './hostConnector';
export type { HostConnectorOptions } from './hostConnector';
export { SshError, SshSession } from './sshSession';
export type { Credentials } from './sshSession';
export type { TrustAnswer } from './hostTrust';
