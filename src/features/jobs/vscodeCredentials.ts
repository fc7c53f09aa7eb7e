import * as vscode from 'vscode';
import type { Credentials, TrustAnswer } from '../../adapters/ssh2';

/**
 * Passphrases and passwords for SSH, kept only in SecretStorage (the OS keychain): asked once,
 * reused silently, and asked again (the stored one deleted) when the host refuses it.
 */
export function secretCredentials(secrets: vscode.SecretStorage, onStored: (key: string) => void): Credentials {
  const ask = async (key: string, attempt: number, prompt: string, title: string): Promise<string | undefined> => {
    if (attempt === 1) {
      const stored = await secrets.get(key);
      if (stored !== undefined) return stored;
    } else {
      await secrets.delete(key);
    }
    const value = await vscode.window.showInputBox({ title, prompt, password: true, ignoreFocusOut: true });
    if (value === undefined) return undefined;
    await secrets.store(key, value);
    onStored(key);
    return value;
  };
  return {
    passphrase: (keyPath, attempt) =>
      ask(
        `tunelab.ssh.passphrase:${keyPath}`,
        attempt,
        attempt > 1 ? vscode.l10n.t('Wrong passphrase for {0}. Try again:', keyPath) : vscode.l10n.t('Passphrase for {0} (kept in the OS keychain):', keyPath),
        vscode.l10n.t('SSH key passphrase'),
      ),
    password: (where, attempt) =>
      ask(
        `tunelab.ssh.password:${where}`,
        attempt,
        attempt > 1 ? vscode.l10n.t('Wrong password for {0}. Try again:', where) : vscode.l10n.t('Password for {0} (kept in the OS keychain):', where),
        vscode.l10n.t('SSH password'),
      ),
  };
}

/** An unknown host key: a modal with its SHA256 fingerprint, trusted once, always, or not. */
export async function askHostKey(where: string, keyType: string, fingerprint: string): Promise<TrustAnswer> {
  const always = vscode.l10n.t('Trust Always');
  const once = vscode.l10n.t('Trust Once');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('The authenticity of host {0} cannot be established.', where),
    {
      modal: true,
      detail: vscode.l10n.t(
        "Its {0} key fingerprint is {1}. Compare it with the one the host's administrator gives you (ssh-keygen -lf /etc/ssh/ssh_host_{2}_key.pub) before trusting it.",
        keyType,
        fingerprint,
        keyType.replace(/^ssh-/, '').replace(/-.*$/, ''),
      ),
    },
    always,
    once,
  );
  return answer === always ? 'always' : answer === once ? 'once' : 'reject';
}
