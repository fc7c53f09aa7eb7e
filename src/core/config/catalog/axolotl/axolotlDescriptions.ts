export const AXOLOTL_DESCRIPTIONS: Readonly<Record<string, string>> = {};
