/**
 * The logging surface the core and the adapters share. In VS Code it is backed by one
 * `LogOutputChannel`; in the CLI by stderr; in tests by nothing or a list.
 */
export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

/** Prefixes every message with a component tag, e.g. `[datasetPreview]`. */
export function scopedLogger(logger: Logger, component: string): Logger {
  const tag = `[${component}] `;
  return {
    trace: (m, ...a) => logger.trace(tag + m, ...a),
    debug: (m, ...a) => logger.debug(tag + m, ...a),
    info: (m, ...a) => logger.info(tag + m, ...a),
    warn: (m, ...a) => logger.warn(tag + m, ...a),
    error: (m, ...a) => logger.error(typeof m === 'string' ? tag + m : m, ...a),
  };
}
