declare const TUNELAB_VERSION: string | undefined;

/** Replaced at build time by esbuild's `define`; `dev` when running from transpiled sources. */
export const version: string = typeof TUNELAB_VERSION === 'string' ? TUNELAB_VERSION : 'dev';
