/**
 * POSIX shell quoting. Every value that reaches a remote shell (paths, file names, user values in
 * command templates) goes through `quote`, which wraps it in single quotes: inside them the shell
 * interprets nothing (no `$`, backticks, `;`, globbing, newlines), and a single quote itself is
 * written as `'\''`. The scripts are run by `sh -s` (POSIX sh, whatever the login shell is).
 */
export function quote(value: string): string {
  if (value.includes('\0')) throw new Error('a NUL character cannot be passed to a shell');
  if (/^[\w@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A shell word list: each argument quoted, joined with spaces. */
export function quoteAll(args: readonly string[]): string {
  return args.map(quote).join(' ');
}

/** An environment variable assignment `NAME=value`, refusing names a shell would not accept. */
export function assignment(name: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`"${name}" is not a valid environment variable name`);
  return `${name}=${quote(value)}`;
}
