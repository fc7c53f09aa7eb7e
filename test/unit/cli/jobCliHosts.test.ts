import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cliHarness';

/** `--hosts` is checked before anything connects: these runs reach no host (port 1 on loopback at most). */
describe('tunelab job launch --hosts: usage', () => {
  const project = mkdtempSync(join(tmpdir(), 'tunelab-cli-hosts-'));
  writeFileSync(join(project, 'sft.yaml'), 'model_name_or_path: Qwen/Qwen2.5-0.5B\nstage: sft\ndataset: tiny\noutput_dir: saves/run\n');
  const home = mkdtempSync(join(tmpdir(), 'tunelab-cli-home-'));
  const env = { HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_CONFIG_HOME: join(home, 'config'), SSH_AUTH_SOCK: '' };

  it('needs two hosts, and not --host or --slurm beside them', async () => {
    const one = await cli(['job', 'launch', 'sft.yaml', '--hosts', 'gpu1'], project, env);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /--hosts takes two or more hosts/);
    for (const extra of [['--host', 'gpu3'], ['--slurm']]) {
      const both = await cli(['job', 'launch', 'sft.yaml', '--hosts', 'gpu1,gpu2', ...extra], project, env);
      assert.equal(both.code, 2, extra.join(' '));
      assert.match(both.stderr, /leave out --host and --slurm/);
    }
  });

  it('refuses a malformed host, port or launcher by name', async () => {
    const bad = await cli(['job', 'launch', 'sft.yaml', '--hosts', 'gpu1,a b'], project, env);
    assert.match(bad.stderr, /'a b' is not an ssh config alias/);
    const port = await cli(['job', 'launch', 'sft.yaml', '--hosts', 'gpu1,gpu2', '--master-port', '29x'], project, env);
    assert.match(port.stderr, /--master-port takes a whole number/);
    const launcher = await cli(['job', 'launch', 'sft.yaml', '--hosts', 'gpu1,gpu2', '--launcher', 'mpirun'], project, env);
    assert.match(launcher.stderr, /--launcher is one of/);
  });

  it('refuses a hostile master address before connecting to anything', async () => {
    const run = await cli(['job', 'launch', 'sft.yaml', '--hosts', 'gpu1,gpu2', '--master-addr', '10.0.0.1;reboot'], project, env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /The master address "10\.0\.0\.1;reboot" is not a host name or IP address: nothing was launched\./);
  });
});
