// Provisions a glibc new enough for the embedded MongoDB engine (it needs >= 2.38).
// On hosts that already have it, nothing happens. On Debian 12 (glibc 2.36) the libc6
// package of Debian 13 "trixie" is fetched from Debian's archive with apt-get, unpacked
// (never installed) into a cache directory, and the engine process is started through its
// dynamic loader. Only the process that opens the engine runs under it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const REQUIRED_GLIBC = [2, 38];
const TRIXIE_SOURCE =
  'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main\n';

export class EngineUnavailableError extends Error {}

export function hostGlibcVersion() {
  const header = process.report?.getReport?.().header;
  const version = header?.glibcVersionRuntime;
  if (!version) return null;
  return version.split('.').map(Number);
}

export function glibcIsNewEnough(version) {
  if (!version) return false;
  const [major, minor] = version;
  return major > REQUIRED_GLIBC[0] || (major === REQUIRED_GLIBC[0] && minor >= REQUIRED_GLIBC[1]);
}

function hasCommand(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the argv prefix that runs `node` under a suitable glibc: [] when the host's own
 * glibc is new enough, otherwise [loader, '--library-path', dirs] from the cache
 * (provisioning it on first use).
 */
export function glibcLauncher({ cacheDir, log = console.error } = {}) {
  if (glibcIsNewEnough(hostGlibcVersion())) return [];
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new EngineUnavailableError(
      `The embedded MongoDB engine needs glibc >= 2.38 on linux-x64. Set MONGODB_URI to a MongoDB server instead.`,
    );
  }
  const root = path.join(cacheDir, 'root');
  const libDir = path.join(root, 'usr/lib/x86_64-linux-gnu');
  const loader = path.join(libDir, 'ld-linux-x86-64.so.2');
  if (!fs.existsSync(loader)) provisionTrixieLibc(cacheDir, root, log);
  return [loader, '--library-path', `${libDir}:/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu`];
}

function provisionTrixieLibc(cacheDir, root, log) {
  if (!hasCommand('apt-get') || !hasCommand('dpkg')) {
    throw new EngineUnavailableError(
      'This host has glibc older than 2.38 and no apt-get to fetch a newer one for the embedded ' +
        'MongoDB engine. Install MongoDB (or use a hosted one) and set MONGODB_URI.',
    );
  }
  log(`[db] host glibc is older than 2.38; fetching Debian trixie libc6 into ${cacheDir} (once)…`);
  const work = path.join(cacheDir, 'apt');
  for (const dir of ['lists/partial', 'archives/partial', 'cache', 'etc', 'debs']) {
    fs.mkdirSync(path.join(work, dir), { recursive: true });
  }
  fs.writeFileSync(path.join(work, 'etc/sources.list'), TRIXIE_SOURCE);
  const opts = [
    '-o',
    `Dir::Etc::SourceList=${path.join(work, 'etc/sources.list')}`,
    '-o',
    'Dir::Etc::SourceParts=/dev/null',
    '-o',
    `Dir::State::Lists=${path.join(work, 'lists')}`,
    '-o',
    `Dir::Cache=${path.join(work, 'cache')}`,
    '-o',
    `Dir::Cache::Archives=${path.join(work, 'archives')}`,
    '-o',
    'APT::Architecture=amd64',
    '-o',
    'APT::Sandbox::User=root',
    '-o',
    'Debug::NoLocking=1',
  ];
  try {
    execFileSync('apt-get', [...opts, '-qq', 'update'], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync('apt-get', [...opts, '-qq', 'download', 'libc6'], {
      cwd: path.join(work, 'debs'),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const deb = fs.readdirSync(path.join(work, 'debs')).find((f) => f.startsWith('libc6_'));
    if (!deb) throw new Error('apt-get download produced no libc6 package');
    const tmpRoot = `${root}.partial`;
    fs.rmSync(tmpRoot, { recursive: true, force: true });
    execFileSync('dpkg', ['-x', path.join(work, 'debs', deb), tmpRoot]);
    fs.rmSync(root, { recursive: true, force: true });
    fs.renameSync(tmpRoot, root);
    log(`[db] provisioned ${deb}`);
  } catch (error) {
    const detail = error?.stderr?.toString?.().trim() || error.message;
    throw new EngineUnavailableError(
      `Could not fetch a newer glibc for the embedded MongoDB engine from Debian's archive (${detail}). ` +
        'Check access to deb.debian.org, or set MONGODB_URI to a MongoDB server.',
    );
  }
}
