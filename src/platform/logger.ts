import * as vscode from 'vscode';
import type { Logger } from '../core/logger';

/**
 * The extension's single log channel. `{ log: true }` gives levels, timestamps and the
 * user-selectable log level ("Developer: Set Log Level…") for free.
 */
export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('TuneLab', { log: true });
}

/** Adapts the channel to the small {@link Logger} interface the rest of the code takes. */
export function loggerFor(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (m, ...a) => channel.trace(m, ...a),
    debug: (m, ...a) => channel.debug(m, ...a),
    info: (m, ...a) => channel.info(m, ...a),
    warn: (m, ...a) => channel.warn(m, ...a),
    error: (m, ...a) => channel.error(m, ...a),
  };
}
