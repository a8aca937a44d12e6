// The plan of the manifest against the lake as a lake home's catalog has it, read without changing anything; and,
// for columns newly masked, where the data holds them in clear. `plan` prints it, `apply` carries it out.
import type { ManifestPlan } from '@datamaster/lake-contract';
import type { LakeHome } from '@datamaster/lake-home';
import type { TableRef } from '@datamaster/lake-manifest';
import type { MaskedColumn } from '@datamaster/lakehouse';
import type { ObjectStore } from '@datamaster/storage';
import { clearCopies, newlyMasked, type ClearCopies } from './pii-rewrite.js';

export interface LakePlan {
  readonly plan: ManifestPlan;
  readonly masks: Map<TableRef, MaskedColumn[]>;
  readonly copies: ClearCopies[];
}

export async function planAgainstLake(home: LakeHome, store: ObjectStore): Promise<LakePlan> {
  const [{ openLakeCatalog }, { planManifestChange }, { activeManifestVersion }] = await Promise.all([
    import('@datamaster/local-platform/lakehouse'),
    import('@datamaster/lake-contract'),
    import('@datamaster/lake-manifest'),
  ]);
  const { lake, close } = openLakeCatalog(home);
  try {
    const plan = planManifestChange(await lake.deployedVersion(), activeManifestVersion());
    const masks = newlyMasked(plan, lake.manifest);
    if (masks.size === 0) return { plan, masks, copies: [] };
    const { openEngineSession } = await import('@datamaster/lakehouse');
    const session = await openEngineSession();
    try {
      return { plan, masks, copies: await clearCopies({ lake, store, session }, masks) };
    } finally {
      session.close();
    }
  } finally {
    close();
  }
}
