import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ViewDescription } from '../../src/shared/protocol/datasetPreview';
import { hashRecordText } from '../../src/core/dataset/review/contentHash';
import { ReviewSession } from '../../src/core/dataset/review/reviewSession';
import {
  activateTuneLab,
  closeAllEditors,
  screenshot,
  waitFor,
  webviewClick,
  webviewPress,
  webviewText,
  webviewType,
  workbenchAccept,
  workspaceUri,
} from './helpers';

const MARKER = 'tunelab-dataset-preview';
type ReviewDescription = NonNullable<ViewDescription['review']>;

/** The review panel of the open previewer of `uri`, once `ready` holds. */
async function reviewShown(uri: vscode.Uri, ready: (r: ReviewDescription) => boolean, what: string): Promise<ReviewDescription> {
  const api = await activateTuneLab();
  return waitFor(
    async () => {
      const [first] = await api.datasetPreview.describe(uri).catch(() => []);
      return first?.review && ready(first.review) ? first.review : undefined;
    },
    what,
    30_000,
  );
}

interface SavedReview {
  reviewer: string;
  share: number;
  seed: number;
  items: Array<{ index: number; hash: string; decision?: string; note?: string; score?: number }>;
}

async function savedReview(uri: vscode.Uri): Promise<SavedReview> {
  return JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as SavedReview;
}

describe('sampled review in the dataset previewer', function () {
  this.timeout(120_000);
  const configuration = () => vscode.workspace.getConfiguration('tunelab');
  before(() => configuration().update('review.reviewer', 'itest', vscode.ConfigurationTarget.Workspace));
  after(() => configuration().update('review.reviewer', undefined, vscode.ConfigurationTarget.Workspace));
  afterEach(closeAllEditors);

  it('starts a seeded 30% sample, takes decisions from the keyboard, and resumes after reopening', async function () {
    const uri = workspaceUri('datasets', 'spotcheck.jsonl');
    const reviewUri = workspaceUri('datasets', 'spotcheck.jsonl.review.itest.json');
    await activateTuneLab();
    await vscode.commands.executeCommand('tunelab.startReview', uri);
    const first = await reviewShown(uri, () => true, 'the review panel');
    assert.equal(first.position, 0);
    assert.match(first.progressText, /^0 of 3 reviewed, 0% accepted$/);
    // The review file is written at the start: the seed and the sample are kept.
    const started = await savedReview(reviewUri);
    assert.equal(started.reviewer, 'itest');
    assert.equal(started.share, 0.3);
    assert.equal(started.items.length, 3);
    assert.ok(started.items.every((i) => i.decision === undefined));

    // Score 5 and accept; then a note, score 2 and reject: each moves on to the next record.
    if (!(await webviewPress(MARKER, '.review-panel', ['5', 'a']))) this.skip();
    await reviewShown(uri, (r) => r.position === 1, 'the second sampled record');
    await webviewPress(MARKER, '.review-panel', ['n']);
    await webviewType(MARKER, '.review-note', 'Too terse: no reasoning.');
    await webviewPress(MARKER, '.review-panel', ['2', 'r']);
    const third = await reviewShown(uri, (r) => r.position === 2, 'the third sampled record');
    assert.match(third.progressText, /^2 of 3 reviewed, 50% accepted$/);
    const text = await webviewText(MARKER);
    assert.match(text ?? '', /Accept \(A\)/, 'the keys are shown on the buttons');
    await screenshot('review-panel');

    const saved = await savedReview(reviewUri);
    assert.deepEqual(
      saved.items.map((i) => [i.decision, i.score, i.note]),
      [
        ['accept', 5, undefined],
        ['reject', 2, 'Too terse: no reasoning.'],
        [undefined, undefined, undefined],
      ],
    );
    assert.deepEqual(
      saved.items.map((i) => i.index),
      started.items.map((i) => i.index),
    );

    // Closed and opened again: the same sample, at the next undecided record, with the earlier decisions.
    await closeAllEditors();
    await vscode.commands.executeCommand('tunelab.startReview', uri);
    const resumed = await reviewShown(uri, () => true, 'the resumed review');
    assert.equal(resumed.position, 2);
    assert.equal(resumed.decision, undefined);
    assert.match(resumed.progressText, /^2 of 3 reviewed, 50% accepted$/);
    await webviewPress(MARKER, '.review-panel', ['ArrowLeft']);
    const back = await reviewShown(uri, (r) => r.position === 1, 'the rejected record again');
    assert.equal(back.decision, 'reject');
    assert.equal(back.note, 'Too terse: no reasoning.');
    assert.equal(back.score, 2);
    assert.equal((await savedReview(reviewUri)).seed, started.seed);
  });

  it('exports the accepted records byte for byte, never touching the source', async function () {
    const lines = [
      '{"instruction": "Name a colour.", "input": "", "output": "Blue is a colour."}',
      '{"instruction": "说一个数字。", "input": "", "output": "七。"}',
      '{"instruction":"Name a fruit.","input":"","output":"An apple is a fruit."}',
      '{"instruction": "Name a tree.", "input": "", "output": "An oak is a tree."}',
    ];
    const uri = workspaceUri('datasets', 'export-review.jsonl');
    const source = `${lines.join('\n')}\n`;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(source));
    // A review with every record sampled: two accepted, one rejected, one not decided.
    const session = ReviewSession.begin('export-review.jsonl', 'itest', lines.map(hashRecordText), 1, 7, new Date());
    session.decide(0, { decision: 'accept' }, new Date());
    session.decide(1, { decision: 'reject', note: 'too short' }, new Date());
    session.decide(2, { decision: 'accept', score: 5 }, new Date());
    const reviewUri = workspaceUri('datasets', 'export-review.jsonl.review.itest.json');
    await vscode.workspace.fs.writeFile(reviewUri, new TextEncoder().encode(JSON.stringify(session.toFile())));

    await vscode.commands.executeCommand('tunelab.startReview', uri);
    const resumed = await reviewShown(uri, () => true, 'the resumed review');
    assert.equal(resumed.position, 3);
    assert.match(resumed.progressText, /^3 of 4 reviewed, 67% accepted$/);
    if (!(await webviewClick(MARKER, 'vscode-button:has-text("Export accepted records")'))) this.skip();
    const target = workspaceUri('datasets', 'export-review.accepted.jsonl');
    await workbenchAccept('.quick-input-widget input', 'export-review.accepted.jsonl');
    const written = await waitFor(async () => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
      } catch {
        return undefined;
      }
    }, 'the exported file');
    assert.equal(written, `${lines[0]}\n${lines[2]}\n`);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), source, 'the source is untouched');
  });
});
