import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { assignment, quote, quoteAll } from '../../../../src/core/jobs/remote/shellQuote';
import { renderCommand } from '../../../../src/core/jobs/remote/commandTemplate';

/** What `sh` makes of a script: its standard output. */
function sh(script: string, env: Record<string, string> = {}): string {
  const r = spawnSync('sh', ['-s'], { input: script, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const HOSTILE = [
  '',
  'plain',
  'with space',
  "it's",
  "''",
  '"double"',
  '$(touch PWNED)',
  '`id`',
  '; rm -rf /',
  'a\nb',
  'tab\there',
  '*',
  '~/x',
  '--flag',
  '-',
  '\\',
  '$HOME',
  '${IFS}',
  '!history',
  '配置 文件.yaml',
  'emoji 🚀',
  'mixed\'"$`\\\n;|&<>(){}[]?*#~=%',
];

/** Random strings over the characters a shell cares about, plus letters and CJK. */
function randomStrings(count: number, seed = 7): string[] {
  const alphabet = [
    'a',
    'Z',
    '0',
    ' ',
    "'",
    '"',
    '$',
    '`',
    '\\',
    '\n',
    '\t',
    ';',
    '|',
    '&',
    '(',
    ')',
    '{',
    '}',
    '*',
    '?',
    '[',
    ']',
    '#',
    '~',
    '!',
    '<',
    '>',
    '=',
    '%',
    '-',
    '训',
    '练',
  ];
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () => Array.from({ length: Math.floor(next() * 24) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
}

describe('shell quoting', () => {
  it('passes every hostile string through sh unchanged, as one word', () => {
    const values = [...HOSTILE, ...randomStrings(300)];
    // One script, one sh: each value printed between markers, so word splitting would show.
    const script = values.map((v) => `printf '<%s>\\n' ${quote(v)}`).join('\n');
    const out = sh(script);
    assert.equal(out, values.map((v) => `<${v}>\n`).join(''));
  });

  it('leaves simple words readable and refuses NUL', () => {
    assert.equal(quote('configs/sft.yaml'), 'configs/sft.yaml');
    assert.equal(quote('CUDA_VISIBLE_DEVICES=0,1'), 'CUDA_VISIBLE_DEVICES=0,1');
    assert.equal(quote("it's"), `'it'\\''s'`);
    assert.throws(() => quote('a\0b'), /NUL/);
  });

  it('keeps a word list as separate words', () => {
    const words = ['a b', "c'd", '$(x)', ''];
    assert.equal(sh(`for w in ${quoteAll(words)}; do printf '[%s]' "$w"; done`), "[a b][c'd][$(x)][]");
  });

  it('builds environment assignments and refuses names a shell would misread', () => {
    assert.equal(sh(`export ${assignment('WEIRD', "it's $(touch PWNED) `id`")}\nprintf %s "$WEIRD"`), "it's $(touch PWNED) `id`");
    for (const bad of ['1X', 'A-B', 'A B', 'X=1', '$(id)', '']) assert.throws(() => assignment(bad, 'v'), /not a valid environment variable name/);
  });
});

describe('the command template', () => {
  const values = { config: "configs/we'ird; $(id).yaml", workdir: '/home/u/my runs', output_dir: 'saves/x', job_id: '20261124-101010-abcd' };

  it('quotes every placeholder, leaving the rest of the template to the shell', () => {
    const line = renderCommand('printf "%s|" {config} {workdir} {job_id}', values);
    assert.equal(sh(line), `${values.config}|${values.workdir}|${values.job_id}|`);
    assert.equal(renderCommand('llamafactory-cli train {config}', { ...values, config: 'configs/sft.yaml' }), 'llamafactory-cli train configs/sft.yaml');
  });

  it('refuses unknown placeholders and empty templates with a message naming the known ones', () => {
    assert.throws(() => renderCommand('train {cfg}', values), /unknown placeholder \{cfg\}.*\{config\}/);
    assert.throws(() => renderCommand('   ', values), /empty/);
  });
});
