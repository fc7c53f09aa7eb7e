import { topLevelValues } from '../config/document/configTree';
import { configFormatOf, parseConfig } from '../config/document/parseConfig';
import type { HostTarget } from './hosts/sshHosts';
import { algorithmOf } from './metrics/algorithm';
import { checkTemplateOrThrow } from './remote/commandTemplate';
import type { LaunchRequest } from './jobRunner';
import type { UploadPlan } from './uploadPlan';
import { planUploads } from './uploadPlan';

/** How jobs run, from `tunelab.jobs.*` (or the CLI's flags). */
export interface JobSettings {
  workdir: string;
  commandTemplate: string;
  setup: string;
  env: Readonly<Record<string, string>>;
}

/**
 * A launch request for a training config: what to upload (the config and the local datasets it
 * names), where trainer_log.jsonl will appear (`output_dir`), and the stage (for alerts). The
 * project root is the folder the job runs in on the host, mirrored at the working directory.
 */
export function buildLaunchRequest(
  configPath: string,
  configText: string,
  projectRoot: string,
  target: HostTarget,
  settings: JobSettings,
): { request: LaunchRequest; notes: UploadPlan['notes'] } {
  checkTemplateOrThrow(settings.commandTemplate);
  const format = configFormatOf(configPath) ?? 'yaml';
  const values = topLevelValues(parseConfig(configText, format));
  const plan = planUploads(configPath, projectRoot, values);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  return {
    request: {
      target,
      workdir: settings.workdir,
      configRemote: plan.configRemote,
      configLocal: configPath,
      uploads: plan.files,
      commandTemplate: settings.commandTemplate,
      setup: settings.setup || undefined,
      env: settings.env,
      outputDir: text(values.output_dir),
      stage: text(values.stage),
      algorithm: algorithmOf(values),
      // The config as launched, for comparing runs later even if the file changes.
      hyperparameters: Object.fromEntries(Object.entries(values).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))) as Record<
        string,
        string | number | boolean
      >,
    },
    notes: plan.notes,
  };
}
