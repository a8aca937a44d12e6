import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { portalWorkspace } from './portal-workspace.js';

describe('portalWorkspace', () => {
  it("finds the repository's plugins/ workspace above the CLI, with its dev app", () => {
    const workspace = portalWorkspace(fileURLToPath(import.meta.url));
    expect(workspace.dir).toBe(join(workspace.repo, 'plugins'));
    expect(existsSync(join(workspace.backendDir, 'src', 'index.ts'))).toBe(true);
    expect(existsSync(join(workspace.appDir, 'src', 'App.tsx'))).toBe(true);
  });

  it('says that the portal needs a clone when the CLI runs without one', () => {
    expect(() => portalWorkspace('/usr/lib/node_modules/datamaster/dist/datamaster.js')).toThrow(
      /^datamaster portal runs from a clone of the Datamaster repository .*: no plugins\/ workspace above \/usr\/lib\/node_modules\/datamaster\/dist\/datamaster.js\. Run it as npx datamaster portal inside the clone\.$/,
    );
  });
});
