// The catalog entity provider: on every scheduled run it reads the manifest and replaces the lake's entities
// with a full mutation, so a table removed from the manifest leaves the catalog too. An invalid manifest
// changes nothing: the catalog keeps the last good entities and the log names every problem.
import type { AuthService, LoggerService, SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import { ANNOTATION_LOCATION, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService, EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { lakeEntities, ownerGroups } from './lake-entities';
import type { ManifestSource } from '@datamaster/plugin-lake-catalog-node';

export interface LakeEntityProviderOptions {
  readonly source: ManifestSource;
  readonly schedule: SchedulerServiceTaskRunner;
  readonly logger: LoggerService;
  /**
   * Emit Group entities for the owner groups no other source of the catalog declares. Off by default: in a portal
   * whose organisation provider has not run yet, an added group would conflict with the real one when it arrives.
   * The catalog is what tells which groups exist.
   */
  readonly addOwnerGroups?: { readonly service: CatalogService; readonly auth: AuthService };
}

export class LakeEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private etag?: string;

  constructor(private readonly options: LakeEntityProviderOptions) {}

  getProviderName(): string {
    return 'lake-manifest';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.schedule.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        try {
          await this.refresh();
        } catch (error) {
          this.options.logger.error(`Lake manifest at ${this.options.source.location} not applied to the catalog; keeping the entities of the last good read. ${String(error instanceof Error ? error.message : error)}`);
        }
      },
    });
  }

  /** Reads the manifest and applies its entities; returns how many it applied (0 when unchanged). */
  async refresh(): Promise<number> {
    if (!this.connection) throw new Error('LakeEntityProvider.refresh() called before the catalog connected it');
    const read = await this.options.source.read(this.etag);
    if (read === 'unchanged') return 0;
    const { manifest } = read;
    const missingGroups = await this.missingGroups(ownerGroups(manifest));
    const entities = lakeEntities(manifest, {
      location: this.options.source.location,
      ...(this.options.source.viewUrlBase === undefined ? {} : { viewUrlBase: this.options.source.viewUrlBase }),
      missingGroups,
    });
    await this.connection.applyMutation({
      type: 'full',
      entities: entities.map((entity) => ({ entity, locationKey: this.options.source.location })),
    });
    this.etag = read.etag;
    this.options.logger.info(`Lake manifest ${manifest.name} from ${this.options.source.location}: ${entities.length} entities (${manifest.tables.length} tables, ${missingGroups.length} owner groups added)`);
    return entities.length;
  }

  /** The owner groups no other source of the catalog declares (ours from earlier runs do not count); none unless asked to add them. */
  private async missingGroups(owners: readonly string[]): Promise<string[]> {
    const catalog = this.options.addOwnerGroups;
    if (!catalog) return [];
    const { items } = await catalog.service.getEntities(
      { filter: { kind: 'Group' }, fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.annotations'] },
      { credentials: await catalog.auth.getOwnServiceCredentials() },
    );
    const elsewhere = new Set(
      items
        .filter((group: Entity) => group.metadata.annotations?.[ANNOTATION_LOCATION] !== this.options.source.location)
        .map((group: Entity) => stringifyEntityRef(group)),
    );
    return owners.filter((owner) => !elsewhere.has(owner));
  }
}
