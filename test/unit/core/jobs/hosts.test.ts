import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { decideHostKey } from '../../../../src/core/jobs/hosts/hostKeyPolicy';
import { checkKnownHosts, fingerprint, knownHostsLine, parseKnownHosts } from '../../../../src/core/jobs/hosts/knownHosts';
import { availableHosts, hostsFromSshConfig, parseTarget, resolveFromSshConfig, resolveHost } from '../../../../src/core/jobs/hosts/sshHosts';
import { explainConnectionError } from '../../../../src/core/jobs/hosts/connectionErrors';
import { parseGpuCsv } from '../../../../src/core/jobs/remote/gpus';

const KEY_A = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIA' + 'a'.repeat(40), 'base64');
const KEY_B = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIA' + 'b'.repeat(40), 'base64');
const line = (hosts: string, key: Buffer) => `${hosts} ssh-ed25519 ${key.toString('base64')}`;
function hashed(name: string, key: Buffer): string {
  const salt = Buffer.from('0123456789abcdefghij');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')} ssh-ed25519 ${key.toString('base64')}`;
}

describe('known_hosts', () => {
  it('matches plain, comma-listed, hashed and [host]:port entries', () => {
    const entries = parseKnownHosts(
      [
        '# comment',
        '',
        line('gpu1.lab,10.0.0.5', KEY_A),
        hashed('gpu2.lab', KEY_A),
        line('[gpu3.lab]:2222', KEY_A),
        hashed('[gpu4.lab]:2200', KEY_A),
        '@cert-authority *.lab ssh-ed25519 ' + KEY_B.toString('base64'),
        'garbage',
      ].join('\r\n'),
    );
    assert.equal(entries.length, 4);
    for (const [host, port] of [
      ['gpu1.lab', 22],
      ['10.0.0.5', 22],
      ['gpu2.lab', 22],
      ['gpu3.lab', 2222],
      ['gpu4.lab', 2200],
    ] as const) {
      assert.equal(checkKnownHosts(entries, host, port, KEY_A).kind, 'match', `${host}:${port}`);
    }
    assert.equal(checkKnownHosts(entries, 'gpu3.lab', 22, KEY_A).kind, 'unknown', 'the port is part of the name');
    assert.equal(checkKnownHosts(entries, 'other.lab', 22, KEY_A).kind, 'unknown');
  });

  it('reports a changed key with the known fingerprints, and revoked keys', () => {
    const entries = parseKnownHosts([line('gpu1.lab', KEY_A), `@revoked ${line('*', KEY_B)}`].join('\n'));
    const changed = checkKnownHosts(entries, 'gpu1.lab', 22, Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIA' + 'c'.repeat(40), 'base64'));
    assert.deepEqual(changed, { kind: 'mismatch', knownFingerprints: [fingerprint(KEY_A)] });
    assert.equal(checkKnownHosts(entries, 'anything', 22, KEY_B).kind, 'revoked');
  });

  it('honours wildcards and negation, case-insensitively', () => {
    const entries = parseKnownHosts(line('*.LAB,!bad.lab,node?', KEY_A));
    assert.equal(checkKnownHosts(entries, 'gpu9.lab', 22, KEY_A).kind, 'match');
    assert.equal(checkKnownHosts(entries, 'node7', 22, KEY_A).kind, 'match');
    assert.equal(checkKnownHosts(entries, 'node77', 22, KEY_A).kind, 'unknown');
    assert.equal(checkKnownHosts(entries, 'bad.lab', 22, KEY_A).kind, 'unknown');
    assert.equal(checkKnownHosts(parseKnownHosts(line('[10.0.0.1]:22*', KEY_A)), '10.0.0.1', 2222, KEY_A).kind, 'match', 'brackets are literal');
  });

  it('prints fingerprints as ssh-keygen does and writes hashed lines it can read back', () => {
    assert.match(fingerprint(KEY_A), /^SHA256:[A-Za-z0-9+/]{43}$/);
    const written = knownHostsLine('gpu5.lab', 2022, 'ssh-ed25519', KEY_A, Buffer.from('saltsaltsaltsaltsalt'));
    assert.match(written, /^\|1\|/);
    assert.ok(!written.includes('gpu5'), 'the host name is hashed');
    assert.equal(checkKnownHosts(parseKnownHosts(written), 'gpu5.lab', 2022, KEY_A).kind, 'match');
  });

  it('decides across ~/.ssh/known_hosts and the trust store: accept, ask, refuse', () => {
    const ssh = parseKnownHosts(line('gpu1.lab', KEY_A));
    const store = parseKnownHosts(knownHostsLine('gpu2.lab', 22, 'ssh-ed25519', KEY_A, Buffer.from('x'.repeat(20))));
    assert.deepEqual(decideHostKey([ssh, store], 'gpu1.lab', 22, KEY_A), { kind: 'accept' });
    assert.deepEqual(decideHostKey([ssh, store], 'gpu2.lab', 22, KEY_A), { kind: 'accept' });
    assert.deepEqual(decideHostKey([ssh, store], 'gpu3.lab', 22, KEY_A), { kind: 'ask', fingerprint: fingerprint(KEY_A) });
    const refused = decideHostKey([ssh, store], 'gpu2.lab', 22, KEY_B);
    assert.equal(refused.kind, 'refuse');
    assert.equal(refused.kind === 'refuse' && refused.reason, 'mismatch');
  });
});

describe('hosts from ssh config, settings and the command line', () => {
  const CONFIG = [
    'Host *',
    '  User trainer',
    '  IdentityFile ~/.ssh/id_lab',
    '',
    'Host gpu-a gpu-b',
    '  HostName 10.0.0.%h',
    '',
    'Host a100',
    '  HostName a100.lab.example',
    '  Port 2222',
    '  User alice',
    '  ProxyJump bastion',
    '',
    'Host bastion',
    '  HostName bastion.example',
    '',
    'Host *.internal',
    '  Port 2200',
  ].join('\n');

  it('lists concrete aliases (never patterns) with what Host * adds, first value winning', () => {
    const hosts = hostsFromSshConfig(CONFIG);
    assert.deepEqual(
      hosts.map((h) => h.name),
      ['gpu-a', 'gpu-b', 'a100', 'bastion'],
    );
    const a100 = hosts.find((h) => h.name === 'a100');
    assert.deepEqual(
      { ...a100 },
      { name: 'a100', host: 'a100.lab.example', port: 2222, user: 'trainer', identityFiles: ['~/.ssh/id_lab'], proxyJump: 'bastion', origin: 'ssh-config' },
    );
  });

  it('resolves names matching only a pattern, and literal user@host:port targets', () => {
    assert.equal(resolveFromSshConfig(CONFIG, 'x.internal').port, 2200);
    assert.deepEqual(parseTarget('alice@gpu.lab:2222'), { user: 'alice', host: 'gpu.lab', port: 2222 });
    assert.deepEqual(parseTarget('root@[::1]:22'), { user: 'root', host: '::1', port: 22 });
    assert.deepEqual(parseTarget('gpu.lab'), { user: undefined, host: 'gpu.lab', port: undefined });
    for (const bad of ['', 'a b', 'x@', 'host:99999', 'host:port']) assert.equal(parseTarget(bad), undefined, bad);
  });

  it('resolves what a user types: an alias, a setting, or user@host:port with ssh config defaults', () => {
    const settings = [{ name: 'a100', host: '192.168.1.9', user: 'bob' }];
    assert.equal(resolveHost('a100', CONFIG, settings)?.host, '192.168.1.9', 'a setting wins over an alias');
    assert.equal(resolveHost('bastion', CONFIG, settings)?.host, 'bastion.example');
    const literal = resolveHost('carol@x.internal:2022', CONFIG, []);
    assert.deepEqual(
      { ...literal },
      {
        name: 'carol@x.internal:2022',
        host: 'x.internal',
        port: 2022,
        user: 'carol',
        identityFiles: ['~/.ssh/id_lab'],
        proxyJump: undefined,
        origin: 'literal',
      },
    );
    assert.equal(resolveHost('x.internal', CONFIG, [])?.port, 2200);
    assert.equal(resolveHost('bad target:port', CONFIG, []), undefined);
    assert.deepEqual(
      availableHosts(CONFIG, settings).map((h) => `${h.name}:${h.origin}`),
      ['gpu-a:ssh-config', 'gpu-b:ssh-config', 'bastion:ssh-config', 'a100:settings'],
    );
  });
});

describe('connection errors a user can act on', () => {
  it('names the cause for DNS, refusal, timeouts, unreachable networks and authentication', () => {
    const kinds = [
      [{ code: 'ENOTFOUND' }, 'dns'],
      [{ code: 'EAI_AGAIN' }, 'dns'],
      [{ code: 'ECONNREFUSED' }, 'refused'],
      [{ level: 'client-timeout' }, 'timeout'],
      [{ code: 'ETIMEDOUT' }, 'timeout'],
      [{ code: 'EHOSTUNREACH' }, 'unreachable'],
      [{ level: 'client-authentication' }, 'auth'],
    ] as const;
    for (const [error, kind] of kinds) assert.equal(explainConnectionError(error, 'gpu1', 20).kind, kind, JSON.stringify(error));
    const timeout = explainConnectionError({ level: 'client-timeout' }, 'gpu1', 20);
    assert.deepEqual(timeout.args, ['gpu1', 20]);
  });
});

describe('nvidia-smi output', () => {
  it('reads the CSV query, and says when nvidia-smi is missing', () => {
    const gpus = parseGpuCsv('0, NVIDIA A100-SXM4-80GB, 81920, 1024, 80896, 3\n1, NVIDIA A100-SXM4-80GB, 81920, 81000, 920, 100\n');
    assert.deepEqual(gpus?.[1], { index: 1, name: 'NVIDIA A100-SXM4-80GB', totalMiB: 81920, usedMiB: 81000, freeMiB: 920, utilizationPercent: 100 });
    assert.equal(parseGpuCsv('nvidia-smi=missing\n'), undefined);
    assert.deepEqual(parseGpuCsv('0, Tesla T4, 15360, [N/A], [N/A], [N/A]\n')?.[0].utilizationPercent, undefined);
  });
});
