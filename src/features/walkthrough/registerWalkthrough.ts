import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { DATASET_PREVIEW_VIEW_TYPE } from '../../shared/protocol/datasetPreview';

/** The walkthrough's id as package.json declares it (`contributes.walkthroughs`). */
export const WALKTHROUGH_ID = 'tunelab.gettingStarted';

/**
 * Context keys the walkthrough's steps complete on (their `completionEvents` are
 * `onContext:<key>`): a step is done when the thing happened, not when its button was clicked.
 */
export const WALKTHROUGH_STEPS = {
  datasetReviewed: 'tunelab.walkthrough.datasetReviewed',
  previewOpened: 'tunelab.walkthrough.previewOpened',
  configChecked: 'tunelab.walkthrough.configChecked',
} as const;
export type WalkthroughStep = keyof typeof WALKTHROUGH_STEPS;

export interface WalkthroughApi {
  /** The steps completed in this window, in the order they completed. */
  completedSteps(): WalkthroughStep[];
  /** Where the walkthrough's copy of the bundled samples lives. */
  readonly samplesFolder: vscode.Uri;
}

/** What the walkthrough watches: the events other features publish, passed in by extension.ts. */
export interface WalkthroughSignals {
  onDatasetAnalyzed: vscode.Event<{ uri: vscode.Uri; records: number }>;
  /** True when the document is a recognised training config that TuneLab checked. */
  isCheckedConfig(uri: vscode.Uri): boolean;
}

const SAMPLE_DATASET = 'sft_mixed.jsonl';
const SAMPLE_CONFIG = ['configs', 'qwen7b_full_sft.yaml'];

/**
 * Getting Started: commands that open the bundled samples, and the context keys that complete
 * each step. The samples are copied once into the extension's global storage, so a user's edits
 * never touch the installed extension and a second run keeps them.
 */
export function registerWalkthrough(
  context: vscode.ExtensionContext,
  logger: Logger,
  signals: WalkthroughSignals,
): { disposable: vscode.Disposable; api: WalkthroughApi } {
  const samplesFolder = vscode.Uri.joinPath(context.globalStorageUri, 'samples');
  const completed: WalkthroughStep[] = [];
  const complete = (step: WalkthroughStep) => {
    if (completed.includes(step)) return;
    completed.push(step);
    void vscode.commands.executeCommand('setContext', WALKTHROUGH_STEPS[step], true);
  };
  const samples = async () => {
    await copyMissing(vscode.Uri.joinPath(context.extensionUri, 'samples'), samplesFolder);
    return samplesFolder;
  };
  const openText = async (...segments: string[]) => {
    const uri = vscode.Uri.joinPath(await samples(), ...segments);
    await vscode.window.showTextDocument(uri, { preview: false });
    return uri;
  };
  const failed = (error: unknown) => {
    logger.error(`walkthrough: ${String(error)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('TuneLab could not open its sample files: {0}', error instanceof Error ? error.message : String(error)));
  };

  const previewOpen = () =>
    vscode.window.tabGroups.all.some((group) =>
      group.tabs.some((tab) => tab.input instanceof vscode.TabInputCustom && tab.input.viewType === DATASET_PREVIEW_VIEW_TYPE),
    );

  const disposable = vscode.Disposable.from(
    vscode.commands.registerCommand('tunelab.gettingStarted', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false),
    ),
    vscode.commands.registerCommand('tunelab.walkthrough.openSampleDataset', () => openText(SAMPLE_DATASET).then(undefined, failed)),
    vscode.commands.registerCommand('tunelab.walkthrough.previewSampleDataset', async () => {
      try {
        await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.joinPath(await samples(), SAMPLE_DATASET), DATASET_PREVIEW_VIEW_TYPE);
      } catch (error) {
        failed(error);
      }
    }),
    vscode.commands.registerCommand('tunelab.walkthrough.openSampleConfig', () => openText(...SAMPLE_CONFIG).then(undefined, failed)),
    signals.onDatasetAnalyzed(({ records }) => {
      if (records > 0) complete('datasetReviewed');
    }),
    vscode.window.tabGroups.onDidChangeTabs(() => {
      if (previewOpen()) complete('previewOpened');
    }),
    vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((uri) => signals.isCheckedConfig(uri))) complete('configChecked');
    }),
  );
  if (previewOpen()) complete('previewOpened');
  return { disposable, api: { completedSteps: () => [...completed], samplesFolder } };
}

/** Copies the files of `source` that `target` does not have yet (recursively); keeps the rest. */
async function copyMissing(source: vscode.Uri, target: vscode.Uri): Promise<void> {
  await vscode.workspace.fs.createDirectory(target);
  for (const [name, type] of await vscode.workspace.fs.readDirectory(source)) {
    const from = vscode.Uri.joinPath(source, name);
    const to = vscode.Uri.joinPath(target, name);
    if (type & vscode.FileType.Directory) {
      await copyMissing(from, to);
    } else if (!(await exists(to))) {
      await vscode.workspace.fs.copy(from, to, { overwrite: false });
    }
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
