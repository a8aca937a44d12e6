import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { UrlReaderService, UrlReaderServiceReadTreeOptions } from '@backstage/backend-plugin-api';
import { NotModifiedError } from '@backstage/errors';
import { FIXTURE_MANIFEST_ROOT } from '@datamaster/lake-manifest/testing';
import { lakeManifestSource } from './manifest-config';
import { FolderManifestSource, UrlManifestSource } from './manifest-source';

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(root, join(dir, name)) : [relative(root, join(dir, name))]));
}

/** A repository tree as UrlReader.readTree gives it: the fixture manifest plus a README, under one ETag. */
function repositoryReader(etag: string, extra: Record<string, string> = {}) {
  const calls: (UrlReaderServiceReadTreeOptions | undefined)[] = [];
  const reader = {
    readTree: async (_url: string, options?: UrlReaderServiceReadTreeOptions) => {
      calls.push(options);
      if (options?.etag === etag) throw new NotModifiedError();
      const paths = [...filesUnder(FIXTURE_MANIFEST_ROOT), 'README.md', ...Object.keys(extra)].filter((path) => options?.filter?.(path) ?? true);
      return {
        etag,
        files: async () => paths.map((path) => ({ path, content: async () => Buffer.from(extra[path] ?? (path === 'README.md' ? '# not a manifest file' : readFileSync(join(FIXTURE_MANIFEST_ROOT, path), 'utf8'))) })),
      };
    },
  } as unknown as UrlReaderService;
  return { reader, calls };
}

const URL_ROOT = 'https://github.com/acme/lake/tree/main/libs/lake-manifest';

describe('UrlManifestSource', () => {
  it('reads the manifest folder of a repository, only tables/ and transforms/, and remembers its ETag', async () => {
    const { reader, calls } = repositoryReader('v1');
    const source = new UrlManifestSource(reader, URL_ROOT);
    const read = await source.read();
    expect(calls[0]?.etag).toBeUndefined();
    expect(['tables/lake.json', 'transforms/gold/revenue_by_country.sql', 'README.md', 'package.json'].map((path) => calls[0]?.filter?.(path))).toEqual([true, true, false, false]);
    expect(read).not.toBe('unchanged');
    if (read === 'unchanged') return;
    expect(read.manifest.name).toBe('fixture');
    expect(read.etag).toBe('v1');
    expect(source.location).toBe(`url:${URL_ROOT}`);
    expect(await source.read('v1')).toBe('unchanged');
    expect(calls[1]?.etag).toBe('v1');
  });

  it('reports an invalid manifest in the repository with the file and field at fault', async () => {
    const lake = JSON.parse(readFileSync(join(FIXTURE_MANIFEST_ROOT, 'tables/lake.json'), 'utf8')) as Record<string, unknown>;
    const { reader } = repositoryReader('v2', { 'tables/lake.json': JSON.stringify({ ...lake, owner: 'data-platform' }) });
    await expect(new UrlManifestSource(reader, URL_ROOT).read()).rejects.toThrow(/tables\/lake.json at owner: expected a Backstage group ref/);
  });
});

describe('lakeManifestSource', () => {
  const urlReader = repositoryReader('v1').reader;

  it('reads a folder on disk for path, a repository for url', async () => {
    const folder = lakeManifestSource(mockServices.rootConfig({ data: { lakeCatalog: { manifest: { path: FIXTURE_MANIFEST_ROOT } } } }), urlReader);
    expect(folder).toBeInstanceOf(FolderManifestSource);
    expect((await folder.read()) as { manifest: { name: string } }).toMatchObject({ manifest: { name: 'fixture' } });
    expect(lakeManifestSource(mockServices.rootConfig({ data: { lakeCatalog: { manifest: { url: URL_ROOT } } } }), urlReader)).toBeInstanceOf(UrlManifestSource);
  });

  it('refuses neither or both, naming what to set', () => {
    expect(() => lakeManifestSource(mockServices.rootConfig({ data: {} }), urlReader)).toThrow(/lakeCatalog.manifest needs exactly one of url .* or path .*; got neither/);
    expect(() => lakeManifestSource(mockServices.rootConfig({ data: { lakeCatalog: { manifest: { url: URL_ROOT, path: '/x' } } } }), urlReader)).toThrow(/got url https:\/\/github.com\/acme.* and path \/x/);
  });
});
