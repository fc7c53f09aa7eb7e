import * as vscode from 'vscode';
import { loggerFor, createLogChannel } from './platform/logger';
import { registerColumnarPreview } from './features/columnarPreview/registerColumnarPreview';
import type { ColumnarPreviewApi } from './features/columnarPreview/registerColumnarPreview';
import { registerDatasetDiagnostics } from './features/datasetDiagnostics/registerDatasetDiagnostics';
import type { DatasetDiagnosticsApi } from './features/datasetDiagnostics/registerDatasetDiagnostics';
import { registerDatasetPreview } from './features/datasetPreview/registerDatasetPreview';
import type { DatasetPreviewApi } from './features/datasetPreview/registerDatasetPreview';
import { registerJobs } from './features/jobs/registerJobs';
import type { JobsApi } from './features/jobs/registerJobs';
import { registerTrainingConfig } from './features/trainingConfig/registerTrainingConfig';
import type { TrainingConfigApi } from './features/trainingConfig/registerTrainingConfig';
import { registerWalkthrough } from './features/walkthrough/registerWalkthrough';
import type { WalkthroughApi } from './features/walkthrough/registerWalkthrough';

/** What `activate` returns: inspection hooks other extensions and the integration tests use. */
export interface TuneLabApi {
  readonly datasetPreview: DatasetPreviewApi;
  readonly datasetDiagnostics: DatasetDiagnosticsApi;
  readonly trainingConfig: TrainingConfigApi;
  readonly jobs: JobsApi;
  readonly walkthrough: WalkthroughApi;
  readonly columnarPreview: ColumnarPreviewApi;
}

/** Composition root: create the logger, register each feature, nothing else. */
export function activate(context: vscode.ExtensionContext): TuneLabApi {
  const channel = createLogChannel();
  const logger = loggerFor(channel);
  context.subscriptions.push(channel);
  context.subscriptions.push(vscode.commands.registerCommand('tunelab.showLog', () => channel.show()));

  const datasetDiagnostics = registerDatasetDiagnostics(context, logger);
  context.subscriptions.push(datasetDiagnostics.disposable);
  const datasetPreview = registerDatasetPreview(context, logger, datasetDiagnostics.session);
  context.subscriptions.push(datasetPreview.disposable);
  const columnarPreview = registerColumnarPreview(context, logger);
  context.subscriptions.push(columnarPreview.disposable);
  const trainingConfig = registerTrainingConfig(context, logger);
  context.subscriptions.push(trainingConfig.disposable);
  const jobs = registerJobs(context, logger);
  context.subscriptions.push(jobs.disposable);
  const walkthrough = registerWalkthrough(context, logger, {
    onDatasetAnalyzed: datasetDiagnostics.api.onDidAnalyze,
    isCheckedConfig: (uri) => trainingConfig.api.describe(uri)?.kind !== undefined,
  });
  context.subscriptions.push(walkthrough.disposable);

  logger.info(`TuneLab ${(context.extension.packageJSON as { version: string }).version} activated in VS Code ${vscode.version}`);
  return { datasetPreview: datasetPreview.api, datasetDiagnostics: datasetDiagnostics.api, trainingConfig: trainingConfig.api, jobs: jobs.api, walkthrough: walkthrough.api, columnarPreview: columnarPreview.api };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
