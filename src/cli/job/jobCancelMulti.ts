import { msg } from '../../shared/messageTemplate';
import type { JobRecord } from '../../core/jobs/jobRecord';
import { statusChange } from '../../core/jobs/jobRunner';
import type { JobStore } from '../../core/jobs/jobStore';
import { cancelMultiHost } from '../../core/jobs/multihost/multiHostRunner';
import { multiHostStatus } from '../../core/jobs/multihost/multiHostStatus';
import { settingDefinitions } from '../../core/settings/settings';
import { localize } from '../localize';
import type { CliIo } from '../cliIo';
import { EXIT_FINDINGS, EXIT_OK } from '../cliIo';
import type { JobArgs } from './jobArgs';
import { connectorFromArgs, withIdentities } from './jobContext';

/** `tunelab job cancel` of a multi-host job: every host at once, each host's answer on its own line. */
export async function cancelOnHosts(args: JobArgs, io: CliIo, store: JobStore, record: JobRecord): Promise<number> {
  const connect = connectorFromArgs(args, io);
  const reach = (t: JobRecord['target']) => connect(withIdentities(t, args));
  const { result, nodes } = await cancelMultiHost(reach, record, settingDefinitions['jobs.cancelGraceSeconds'].defaultValue);
  for (const node of nodes)
    io.stderr.write(`  ${node.name} (${localize(msg('rank {0}'), [node.rank])}): ${node.result ?? localize(msg('not reached: {0}'), [node.error ?? ''])}\n`);
  try {
    store.update(record.id, statusChange(record, await multiHostStatus(reach, record)));
  } catch {
    /* a host out of reach: the state is refreshed by the next list */
  }
  const words = {
    terminated: msg('Job {0} was cancelled.'),
    killed: msg('Job {0} did not stop on SIGTERM and was killed.'),
    'not-running': msg('Job {0} was not running.'),
    missing: msg('Job {0} has no folder on the host any more.'),
    requested: msg('Job {0} was cancelled.'),
  };
  io.stderr.write(`tunelab: ${localize(words[result], [record.id])}\n`);
  return (result === 'terminated' || result === 'killed') && nodes.every((n) => n.result) ? EXIT_OK : EXIT_FINDINGS;
}
