import { INGESTION_STATE_MACHINE } from '@datamaster/lake-contract';
import { describe, expect, it } from 'vitest';
import { IngestionDefinitionError, bronzeContainerName, bronzeLambdaTimeoutSeconds } from '../src/stacks/ingestion-definition.js';

describe('what the ingestion stack reads from the ASL file', () => {
  it('reads the bronze Lambda task timeout and the ECS container name', () => {
    expect(bronzeLambdaTimeoutSeconds()).toBe(900);
    expect(bronzeContainerName()).toBe('bronze-worker');
  });

  it('names the path when the definition no longer has what the stack derives from it', () => {
    const withoutTimeout = structuredClone(INGESTION_STATE_MACHINE) as typeof INGESTION_STATE_MACHINE & { States: { BronzeLambda: Record<string, unknown> } };
    delete withoutTimeout.States.BronzeLambda['TimeoutSeconds'];
    expect(() => bronzeLambdaTimeoutSeconds(withoutTimeout)).toThrow(IngestionDefinitionError);
    expect(() => bronzeLambdaTimeoutSeconds(withoutTimeout)).toThrow('no BronzeLambda timeout at States.BronzeLambda.TimeoutSeconds');
    expect(() => bronzeContainerName({ StartAt: 'X', States: {} })).toThrow('no container name at States.BronzeEcsTask.Parameters.Overrides.ContainerOverrides.0.Name');
  });
});
