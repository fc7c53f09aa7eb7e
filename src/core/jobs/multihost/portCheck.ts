import { msg } from '../../../shared/messageTemplate';
import type { HostTarget } from '../hosts/sshHosts';
import { JobError } from '../jobError';
import type { RemoteHost } from '../remoteHost';
import { listenScript, parseListen, parseReach, reachScript } from './portCheckScripts';

/**
 * Before a multi-host launch writes or starts anything: the master (hosts[0]) listens on the
 * rendezvous port, each other host connects to `masterAddr:port`, and the first failure is
 * thrown naming the host and the address it could not reach. Nothing is left listening.
 */
export async function checkRendezvousPort(
  hosts: readonly RemoteHost[],
  targets: readonly HostTarget[],
  rendezvous: { masterAddr: string; masterPort: number },
  seconds = 10,
): Promise<void> {
  const { masterAddr, masterPort } = rendezvous;
  const where = `${masterAddr.includes(':') ? `[${masterAddr}]` : masterAddr}:${masterPort}`;
  let said = '';
  let resolveFirst: (text: string) => void = () => undefined;
  const first = new Promise<string>((resolve) => (resolveFirst = resolve));
  const listener = hosts[0].stream(listenScript(masterPort, hosts.length - 1, seconds + 5, masterAddr.includes(':')), (chunk) => {
    said += new TextDecoder().decode(chunk);
    if (said.includes('\n')) resolveFirst(said);
  });
  // A listener that ends (or a channel that fails) before saying anything is judged on what it said.
  listener.done.then(
    () => resolveFirst(said),
    () => resolveFirst(said),
  );
  try {
    const timer = new Promise<string>((resolve) => setTimeout(() => resolve(said), (seconds + 5) * 1000).unref?.());
    const listen = parseListen(await Promise.race([first, timer]));
    if (listen.state === 'busy')
      throw new JobError(msg('The master port {0} is already in use on {1} (another job?): nothing was started. Pick another master port.'), [
        String(masterPort),
        targets[0].name,
      ]);
    if (listen.state === 'no-python3')
      throw new JobError(msg('{0} has no python3, which the port pre-check needs to listen on the master port {1}: nothing was started.'), [
        targets[0].name,
        String(masterPort),
      ]);
    if (listen.state !== 'ok')
      throw new JobError(msg('The port pre-check could not listen on {0} port {1}: nothing was started.'), [targets[0].name, String(masterPort)]);
    const answers = await Promise.all(hosts.slice(1).map((host) => host.exec(reachScript(masterAddr, masterPort, seconds))));
    for (const [i, answer] of answers.entries()) {
      const reach = parseReach(answer.stdout);
      const name = targets[i + 1].name;
      if (reach.state === 'no-tool')
        throw new JobError(msg('{0} has neither bash, nc nor python3 to check that it reaches the master at {1}: nothing was started.'), [name, where]);
      if (reach.state !== 'ok')
        throw new JobError(msg('{0} cannot reach the master {1} (a firewall, or a master address the other hosts do not see?): nothing was started.'), [
          name,
          where,
        ]);
    }
  } finally {
    listener.close();
  }
}
