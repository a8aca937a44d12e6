// The manifest the backend answers from: read again at most every 10 s (a folder is read in milliseconds, a URL
// source answers "unchanged" cheaply by ETag), so a table merged into the manifest has its page within seconds. A read that fails keeps the last good manifest, as the catalog module does.
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { LakeManifest } from '@datamaster/lake-manifest';
import type { ManifestSource } from '@datamaster/plugin-lake-catalog-node';

export class ManifestCache {
  private current?: { manifest: LakeManifest; etag?: string; readAt: number };

  constructor(
    private readonly source: ManifestSource,
    private readonly logger: LoggerService,
    private readonly maxAgeMs = 10_000,
  ) {}

  async get(): Promise<LakeManifest> {
    const now = Date.now();
    if (this.current && now - this.current.readAt < this.maxAgeMs) return this.current.manifest;
    try {
      const read = await this.source.read(this.current?.etag);
      if (read === 'unchanged' && this.current) this.current = { ...this.current, readAt: now };
      else if (read !== 'unchanged') this.current = { manifest: read.manifest, ...(read.etag === undefined ? {} : { etag: read.etag }), readAt: now };
    } catch (error) {
      if (!this.current) throw error;
      this.logger.error(`Lake manifest at ${this.source.location} could not be read again; answering from the last good read. ${error instanceof Error ? error.message : String(error)}`);
      this.current = { ...this.current, readAt: now };
    }
    return (this.current as { manifest: LakeManifest }).manifest;
  }
}
