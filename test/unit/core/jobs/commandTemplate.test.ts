import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkTemplate, commandForShell, placeholderEnv } from '../../../../src/core/jobs/remote/commandTemplate';
import { commandScript } from '../../../../src/core/jobs/remote/remoteScripts';

const SHELLS = ['sh', 'bash'].filter((shell) => spawnSync(shell, ['-c', 'true']).status === 0);

/** Writes command.sh as a launch does and runs it the way run.sh does, in a fresh folder. */
function run(
  shell: string,
  template: string,
  values: Partial<Record<'config' | 'output_dir', string>> = {},
  setup?: string,
): { stdout: string; stderr: string; code: number | null; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tunelab-cmd-'));
  const env = placeholderEnv({
    config: values.config ?? 'configs/sft.yaml',
    workdir: dir,
    output_dir: values.output_dir ?? 'saves/x',
    job_id: '20261130-000000-abcd',
  });
  writeFileSync(join(dir, 'command.sh'), commandScript({ commandLine: commandForShell(template), setup, env }));
  const r = spawnSync(shell, [join(dir, 'command.sh')], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir } });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status, dir };
}

const HOSTILE = [
  'o$(touch PWNED)',
  '`touch PWNED`',
  `it's "q"; touch PWNED`,
  'a  b *',
  'line\nbreak $(touch PWNED)',
  '配置 $HOME',
  '\'"\'"$(touch PWNED)"\'',
  '\\$(touch PWNED)\\',
];

function pwned(dir: string): boolean {
  return readdirSync(dir).some((f) => f.includes('PWNED'));
}

describe('the command template, run whole by a real shell', () => {
  for (const shell of SHELLS) {
    describe(shell, () => {
      it('keeps every placeholder one word whatever quotes surround it, running nothing from a value', () => {
        for (const value of HOSTILE) {
          for (const [template, expected] of [
            [`printf '[%s]' {config}`, `[${value}]`],
            [`printf '[%s]' "{config}"`, `[${value}]`],
            [`printf '[%s]' '{config}'`, `[${value}]`],
            [`printf '[%s]' "--out={output_dir}/x"`, `[--out=${value}/x]`],
            [`printf '[%s]' '--out={output_dir}' x{config}y`, `[--out=${value}][x${value}y]`],
            [`printf '[%s]' "a \\"{config}\\" b"`, `[a "${value}" b]`],
          ] as const) {
            const r = run(shell, template, { config: value, output_dir: value });
            assert.equal(r.code, 0, `${template} with ${JSON.stringify(value)}: ${r.stderr}`);
            assert.equal(r.stdout, expected, `${template} with ${JSON.stringify(value)}`);
            assert.ok(!pwned(r.dir), `${template} with ${JSON.stringify(value)} ran a command`);
          }
        }
      });

      it('runs compound commands as a shell does, with the exit code of what ran last', () => {
        assert.equal(run(shell, 'echo a; echo b').stdout, 'a\nb\n');
        const cd = run(shell, 'mkdir -p sub && cd sub && pwd && echo done > marker');
        assert.equal(cd.code, 0, cd.stderr);
        assert.ok(cd.stdout.trim().endsWith('/sub'));
        assert.ok(existsSync(join(cd.dir, 'sub', 'marker')));
        const middle = run(shell, 'echo prep && false && echo never-here');
        assert.equal(middle.code, 1);
        assert.equal(middle.stdout, 'prep\n');
        const missing = run(shell, 'cd does-not-exist && echo never-here');
        assert.notEqual(missing.code, 0);
        assert.equal(missing.stdout, '');
        assert.equal(run(shell, 'echo a | tr a b; (exit 7)').code, 7);
        assert.equal(run(shell, 'true &&\n  echo "second line"').stdout, 'second line\n', 'a template over several lines');
      });

      it('stops before the command when the setup line fails, and exports what it sets', () => {
        const failed = run(shell, 'echo never-here', {}, 'false');
        assert.equal(failed.code, 1);
        assert.equal(failed.stdout, '');
        assert.match(failed.stderr, /setup line failed/);
        assert.equal(run(shell, 'echo "$ENV_NAME"', {}, 'ENV_NAME=llama').stdout, 'llama\n');
      });
    });
  }

  it('fails a pipeline whose trainer fails under bash (pipefail)', () => {
    assert.equal(run('bash', 'sh -c "exit 3" | cat').code, 3);
  });

  it("leaves the shell's own ${NAME} alone and refuses unknown placeholders", () => {
    const r = run('sh', 'printf "%s" "${HOME}" > home.txt && printf "%s" {job_id}');
    assert.equal(r.stdout, '20261130-000000-abcd');
    assert.doesNotThrow(() => checkTemplate('cd ${HOME}/runs && train {config}'));
    assert.throws(() => checkTemplate('train {cfg}'), /unknown placeholder \{cfg\}/);
  });
});
