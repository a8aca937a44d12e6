// The portal's Backstage workspace (plugins/ of the repository this CLI was built in): found next to the CLI,
// installed by its setup script, and its frontend built when its sources changed since the last build.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PortalUnavailableError } from './errors.js';

export interface PortalWorkspace {
  /** The repository root. */
  readonly repo: string;
  /** plugins/: the Backstage workspace. */
  readonly dir: string;
  readonly backendDir: string;
  readonly appDir: string;
}

/** The repository's plugins/ workspace, searched upwards from this module (the CLI's dist/ or src/). */
export function portalWorkspace(from: string = fileURLToPath(import.meta.url)): PortalWorkspace {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'plugins', 'backstage.json'))) {
      const plugins = join(dir, 'plugins');
      return { repo: dir, dir: plugins, backendDir: join(plugins, 'packages', 'backend'), appDir: join(plugins, 'packages', 'app') };
    }
    if (dirname(dir) === dir) throw new PortalUnavailableError(`no plugins/ workspace above ${from}`);
  }
}

/**
 * Runs a command; `echo` puts its output on our stderr as it comes (progress a user should see), otherwise only
 * the end of it is shown, in the error, when the command fails.
 */
function run(command: string, args: readonly string[], cwd: string, stderr: NodeJS.WritableStream, echo: boolean, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let kept = '';
    const take = (chunk: Buffer) => (echo ? stderr.write(chunk) : (kept = (kept + chunk.toString()).slice(-4000)));
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${signal ?? `exit code ${code}`}${kept ? `\n${kept}` : ''}`))));
  });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (name === 'node_modules' || name === 'dist') return [];
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** What the built frontend depends on: the app, the frontend plugin and its common library, and the lockfile. */
function frontendSourcesDigest(workspace: PortalWorkspace): string {
  const hash = createHash('sha256');
  const roots = [join(workspace.appDir, 'src'), join(workspace.appDir, 'public'), join(workspace.dir, 'lake-catalog', 'src'), join(workspace.dir, 'lake-catalog-common', 'src')];
  for (const file of [...roots.flatMap(filesUnder), join(workspace.dir, 'package-lock.json')]) hash.update(relative(workspace.dir, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex');
}

const BUILD_STAMP = '.datamaster-sources-sha256';

/** Installs the workspace if needed (plugins/setup.sh) and builds the frontend if its sources changed. */
export async function preparePortal(workspace: PortalWorkspace, stderr: NodeJS.WritableStream): Promise<void> {
  await run('bash', [join(workspace.dir, 'setup.sh')], workspace.dir, stderr, true);
  const stamp = join(workspace.appDir, 'dist', BUILD_STAMP);
  const digest = frontendSourcesDigest(workspace);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  stderr.write('portal: building the frontend (packages/app; about 20 s)\n');
  await run(process.execPath, [join(workspace.dir, 'node_modules', '@backstage', 'cli', 'bin', 'backstage-cli'), 'package', 'build'], workspace.appDir, stderr, false, {
    ...process.env,
    // A production build, whatever the caller's NODE_ENV (a test runner's "test" has no browserslist entry).
    NODE_ENV: 'production',
  });
  writeFileSync(stamp, digest);
}
