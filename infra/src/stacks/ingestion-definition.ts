// What the ingestion stack takes from the contract's ASL file instead of restating it: how long the state machine
// waits for the bronze Lambda (the function's own timeout), and the container its ECS task overrides address.
import { INGESTION_STATE_MACHINE, type AslDefinition } from '@datamaster/lake-contract';

export class IngestionDefinitionError extends Error {
  override readonly name = 'IngestionDefinitionError';
}

function valueAt(definition: AslDefinition, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((value, step) => (value as Record<string | number, unknown> | undefined)?.[step], definition);
}

function required<T>(definition: AslDefinition, path: readonly (string | number)[], isType: (value: unknown) => value is T, what: string): T {
  const value = valueAt(definition, path);
  if (!isType(value)) throw new IngestionDefinitionError(`The ingestion state machine has no ${what} at ${path.join('.')} (found ${JSON.stringify(value)}); the stack derives it from there.`);
  return value;
}

const isPositiveInteger = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;
const isName = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** Seconds the BronzeLambda task waits: the Lambda's timeout must be the same (both 900, Lambda's maximum). */
export function bronzeLambdaTimeoutSeconds(definition: AslDefinition = INGESTION_STATE_MACHINE): number {
  return required(definition, ['States', 'BronzeLambda', 'TimeoutSeconds'], isPositiveInteger, 'BronzeLambda timeout');
}

/** The container of the bronze task definition that BronzeEcsTask's overrides (RECORD_ID, EXECUTION_ID) name. */
export function bronzeContainerName(definition: AslDefinition = INGESTION_STATE_MACHINE): string {
  return required(definition, ['States', 'BronzeEcsTask', 'Parameters', 'Overrides', 'ContainerOverrides', 0, 'Name'], isName, 'container name');
}
