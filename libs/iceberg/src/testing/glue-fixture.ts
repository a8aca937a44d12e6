// Test fixture: moto's Glue and S3 on loopback, a bucket for the warehouse, and Glue catalogs on them. Catalogs
// reach Glue through the version guard, so UpdateTable's VersionId is enforced as in AWS.
import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GlueClient, type GlueClientConfig } from '@aws-sdk/client-glue';
import { GlueCatalog } from '../catalog/glue-catalog.js';
import { S3FileIO } from '../io/s3-file-io.js';
import { startGlueVersionGuard, type GlueVersionGuard } from './glue-version-guard.js';
import { startMotoServer, type MotoServer } from '@datamaster/embedded-services';

export interface GlueFixture {
  readonly moto: MotoServer;
  readonly guard: GlueVersionGuard;
  readonly warehouse: string;
  /** Straight to moto, without the guard: for arranging and inspecting the Glue Data Catalog. */
  readonly glue: GlueClient;
  /** On moto's S3; the catalogs' FileIO. */
  readonly io: S3FileIO;
  /** Another catalog, with its own Glue client through the guard, as another writer process would have. */
  openCatalog(): GlueCatalog;
  /** The config of a Glue client at `endpoint` (default: the guard). */
  glueConfig(endpoint?: string): GlueClientConfig;
  dispose(): Promise<void>;
}

export async function glueFixture(): Promise<GlueFixture> {
  const moto = await startMotoServer();
  const opened: GlueCatalog[] = [];
  const clients: { destroy(): void }[] = [];
  try {
    const guard = await startGlueVersionGuard(moto.endpoint);
    const awsConfig = { region: moto.region, credentials: moto.credentials };
    const s3 = new S3Client({ ...awsConfig, endpoint: moto.endpoint, forcePathStyle: true });
    clients.push(s3);
    const bucket = `warehouse-${randomUUID()}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const glueConfig = (endpoint = guard.endpoint): GlueClientConfig => ({ ...awsConfig, endpoint });
    const glue = new GlueClient(glueConfig(moto.endpoint));
    clients.push(glue);
    const io = new S3FileIO(s3);
    const warehouse = `s3://${bucket}/lake`;
    return {
      moto,
      guard,
      warehouse,
      glue,
      io,
      glueConfig,
      openCatalog: () => {
        const catalog = new GlueCatalog({ glue: glueConfig(), warehouse, io, name: 'test' });
        opened.push(catalog);
        return catalog;
      },
      dispose: async () => {
        opened.forEach((catalog) => catalog.close());
        clients.forEach((client) => client.destroy());
        await guard.stop();
        await moto.stop();
      },
    };
  } catch (error) {
    clients.forEach((client) => client.destroy());
    await moto.stop();
    throw error;
  }
}
