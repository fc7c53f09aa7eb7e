import { AXOLOTL_MODEL_DATA_DESCRIPTIONS } from './axolotlModelDataDescriptions';
import { AXOLOTL_PLUGIN_DESCRIPTIONS } from './axolotlPluginDescriptions';
import { AXOLOTL_RUN_DESCRIPTIONS } from './axolotlRunDescriptions';
import { AXOLOTL_TRAINING_DESCRIPTIONS } from './axolotlTrainingDescriptions';

/** Our descriptions of Axolotl's top-level keys (Axolotl's own docstrings are not copied). */
export const AXOLOTL_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ...AXOLOTL_MODEL_DATA_DESCRIPTIONS,
  ...AXOLOTL_TRAINING_DESCRIPTIONS,
  ...AXOLOTL_RUN_DESCRIPTIONS,
  ...AXOLOTL_PLUGIN_DESCRIPTIONS,
};
