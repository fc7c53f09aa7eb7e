/**
 * Mocha options for the tiers that run the real thing (the integration suite inside VS Code):
 * a skipped or pending test (`it.skip`, `describe.skip`, `this.skip()`, an `it` without a
 * body) fails the run instead of passing it quietly, and so does a `.only` left behind.
 */
export const STRICT_MOCHA_OPTIONS = { forbidPending: true, forbidOnly: true } as const;
