import { quote } from '../remote/shellQuote';

/**
 * The pre-check of a multi-host launch: before anything is uploaded or started, the master host
 * listens on the rendezvous port for a few seconds and every other host connects to it, so a
 * firewall, a wrong master address or a port already taken is reported with the host and port
 * instead of as a training run hanging at the rendezvous.
 *
 * The listener is Python's (every training host has python3; sh has no way to listen). It binds
 * every interface, as torch's rendezvous store does, prints `listen=ok` once it listens (or
 * `listen=busy <errno>` when it cannot bind), accepts up to `expected` connections and exits
 * after `seconds` at most, so a listener left behind by a dropped connection ends on its own.
 */
const LISTENER = [
  'import socket, sys, time',
  'port, expected, seconds, six = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "6"',
  's = socket.socket(socket.AF_INET6 if six else socket.AF_INET, socket.SOCK_STREAM)',
  's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
  'try:',
  '    s.bind(("::" if six else "0.0.0.0", port)); s.listen(64)',
  'except OSError as e:',
  '    print("listen=busy %s" % e.errno, flush=True); sys.exit(1)',
  'print("listen=ok", flush=True)',
  'end = time.time() + seconds',
  'got = 0',
  'while got < expected and time.time() < end:',
  '    s.settimeout(max(0.05, end - time.time()))',
  '    try:',
  '        c, _ = s.accept(); c.close(); got += 1',
  '    except socket.timeout:',
  '        break',
  'print("accepted=%d" % got, flush=True)',
].join('\n');

export function listenScript(port: number, expected: number, seconds: number, ipv6: boolean): string {
  return [
    'if ! command -v python3 >/dev/null 2>&1; then echo "listen=no-python3"; exit 0; fi',
    `exec python3 -c ${quote(LISTENER)} ${Math.floor(port)} ${Math.max(1, Math.floor(expected))} ${Math.max(1, Math.round(seconds))} ${ipv6 ? '6' : '4'}`,
    '',
  ].join('\n');
}

/** What the listener said first: listening, the port taken (errno), or no python3. */
export function parseListen(output: string): { state: 'ok' | 'busy' | 'no-python3' | 'unknown'; errno?: number } {
  const m = /listen=(ok|busy|no-python3)(?: (\d+))?/.exec(output);
  if (!m) return { state: 'unknown' };
  return { state: m[1] as 'ok' | 'busy' | 'no-python3', errno: m[2] ? Number(m[2]) : undefined };
}

/**
 * Connects from a host to `addr:port` within `seconds`, with what the host has: bash's /dev/tcp
 * (the address and port are bash's positional parameters, never parsed as code), else `nc -z`,
 * else python3. Prints `reach=ok|no via=<tool>`, or `reach=no-tool` when the host has none.
 */
export function reachScript(addr: string, port: number, seconds: number): string {
  const t = Math.max(1, Math.round(seconds));
  return [
    `addr=${quote(addr)}`,
    `port=${Math.floor(port)}`,
    `t=${t}`,
    'limit() { if command -v timeout >/dev/null 2>&1; then timeout "$t" "$@"; else "$@"; fi; }',
    // A bash built without network redirections says "No such file" for /dev/tcp: then nc or python3.
    'if command -v bash >/dev/null 2>&1; then',
    '  why=$(limit bash -c \'exec 3<>"/dev/tcp/$1/$2"\' tunelab "$addr" "$port" 2>&1 >/dev/null) && { echo "reach=ok via=bash"; exit 0; }',
    '  case $why in *"No such file"*) ;; *) echo "reach=no via=bash"; exit 0 ;; esac',
    'fi',
    'if command -v nc >/dev/null 2>&1; then',
    '  if nc -z -w "$t" "$addr" "$port" >/dev/null 2>&1; then echo "reach=ok via=nc"; else echo "reach=no via=nc"; fi',
    'elif command -v python3 >/dev/null 2>&1; then',
    '  if python3 -c \'import socket, sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), float(sys.argv[3])).close()\' "$addr" "$port" "$t" >/dev/null 2>&1; then echo "reach=ok via=python3"; else echo "reach=no via=python3"; fi',
    'else echo "reach=no-tool"; fi',
    '',
  ].join('\n');
}

export function parseReach(output: string): { state: 'ok' | 'no' | 'no-tool' | 'unknown'; via?: string } {
  const m = /reach=(ok|no|no-tool)(?: via=(\w+))?/.exec(output);
  return m ? { state: m[1] as 'ok' | 'no' | 'no-tool', via: m[2] } : { state: 'unknown' };
}
