import * as vscode from 'vscode';
import { loggerFor, createLogChannel } from './platform/logger';
import { AnalysisSession } from './platform/datasetEngine/analysisSession';
import { registerColumnarPreview } from './features/columnarPreview/registerColumnarPreview';
import type { ColumnarPreviewApi } from './features/columnarPreview/registerColumnarPreview';
import { registerDatasetDiagnostics } from './features/datasetDiagnostics/registerDatasetDiagnostics';
import type { DatasetDiagnosticsApi } from './features/datasetDiagnostics/registerDatasetDiagnostics';
import { registerDatasetPreview } from './features/datasetPreview/registerDatasetPreview';
import type { DatasetPreviewApi } from './features/datasetPreview/registerDatasetPreview';
import { registerJobs } from './features/jobs/registerJobs';
import { registerPreflightData } from './features/preflightData/registerPreflightData';
import type { PreflightDataApi } from './features/preflightData/registerPreflightData';
import { launchGate, registerPreflight } from './features/preflight/registerPreflight';
import type { PreflightApi } from './features/preflight/registerPreflight';
import type { JobsApi } from './features/jobs/registerJobs';
import { registerTrainingConfig } from './features/trainingConfig/registerTrainingConfig';
import type { TrainingConfigApi } from './features/trainingConfig/registerTrainingConfig';
import { registerSemantic } from './features/semantic/registerSemantic';
import type { SemanticApi } from './features/semantic/registerSemantic';
import { registerWalkthrough } from './features/walkthrough/registerWalkthrough';
import type { WalkthroughApi } from './features/walkthrough/registerWalkthrough';

/** What `activate` returns: inspection hooks other extensions and the integration tests use. */
export interface TuneLabApi {
  readonly datasetPreview: DatasetPreviewApi;
  readonly datasetDiagnostics: DatasetDiagnosticsApi;
  readonly trainingConfig: TrainingConfigApi;
  readonly jobs: JobsApi;
  readonly walkthrough: WalkthroughApi;
  readonly preflightData: PreflightDataApi;
  readonly preflight: PreflightApi;
  readonly columnarPreview: ColumnarPreviewApi;
  readonly semantic: SemanticApi;
}

/** Composition root: create the logger and the shared services, register each feature, nothing else. */
export function activate(context: vscode.ExtensionContext): TuneLabApi {
  const channel = createLogChannel();
  const logger = loggerFor(channel);
  context.subscriptions.push(channel);
  context.subscriptions.push(vscode.commands.registerCommand('tunelab.showLog', () => channel.show()));

  // The dataset engine (a child process, started on first use) is one service shared by the
  // diagnostics and the previewer; features never import each other.
  const datasetEngine = new AnalysisSession(context.extensionUri, logger);
  context.subscriptions.push(datasetEngine);
  const datasetDiagnostics = registerDatasetDiagnostics(context, logger, datasetEngine);
  context.subscriptions.push(datasetDiagnostics.disposable);
  // The previewer shows the findings a later pass (the semantic one) joined to the diagnostics' report.
  const datasetPreview = registerDatasetPreview(context, logger, datasetEngine, {
    // Called later than this line runs: the semantic feature is registered below.
    diversify: (uri, request) => semantic.api.diversify(uri, request),
    joined: {
      onDidChange: (listener, thisArg, disposables) =>
        datasetDiagnostics.api.onDidAnalyze(
          (event) => {
            listener.call(thisArg, event.uri);
          },
          undefined,
          disposables,
        ),
      joinedFindings: (uri) => {
        const published = datasetDiagnostics.api.published(uri);
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        // Record numbers of unsaved text need not match the file the previewer reads.
        if (!published || !document || document.isDirty || document.version !== published.version) return undefined;
        return published.findings;
      },
    },
  });
  context.subscriptions.push(datasetPreview.disposable);
  const columnarPreview = registerColumnarPreview(context, logger);
  context.subscriptions.push(columnarPreview.disposable);
  const trainingConfig = registerTrainingConfig(context, logger);
  context.subscriptions.push(trainingConfig.disposable);
  // Launch Training Job runs the pre-flight first; the jobs feature gets it as a function, not an import.
  const jobs = registerJobs(context, logger, (config, cluster) => launchGate(config, logger, cluster));
  context.subscriptions.push(jobs.disposable);
  const walkthrough = registerWalkthrough(context, logger, {
    onDatasetAnalyzed: datasetDiagnostics.api.onDidAnalyze,
    isCheckedConfig: (uri) => trainingConfig.api.describe(uri)?.kind !== undefined,
  });
  context.subscriptions.push(walkthrough.disposable);
  const preflightData = registerPreflightData(context, logger);
  context.subscriptions.push(preflightData.disposable);
  const preflight = registerPreflight(logger, vscode.Uri.joinPath(context.extensionUri, 'dist', 'workers', 'preflight.js').fsPath);
  context.subscriptions.push(preflight.disposable);
  // The opt-in semantic pass joins its findings to the dataset diagnostics' through their API.
  const semantic = registerSemantic(context, logger, datasetDiagnostics.api);
  context.subscriptions.push(semantic.disposable);

  logger.info(`TuneLab ${(context.extension.packageJSON as { version: string }).version} activated in VS Code ${vscode.version}`);
  return {
    datasetPreview: datasetPreview.api,
    datasetDiagnostics: datasetDiagnostics.api,
    trainingConfig: trainingConfig.api,
    jobs: jobs.api,
    walkthrough: walkthrough.api,
    preflightData: preflightData.api,
    preflight: preflight.api,
    columnarPreview: columnarPreview.api,
    semantic: semantic.api,
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
