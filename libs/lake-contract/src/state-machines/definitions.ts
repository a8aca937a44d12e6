// The state machines, as ASL files shared by AWS (deployed with DefinitionSubstitutions) and the
// local interpreter. `${Name}` placeholders stand for deployment-specific values (ARNs, subnets).
import ingestion from '../../state-machines/ingestion.asl.json' with { type: 'json' };
import processing from '../../state-machines/processing.asl.json' with { type: 'json' };

export type AslDefinition = Record<string, unknown> & { StartAt: string; States: Record<string, unknown> };

export const INGESTION_STATE_MACHINE = ingestion as AslDefinition;
export const PROCESSING_STATE_MACHINE = processing as AslDefinition;

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Every `${Name}` placeholder a definition uses, sorted. */
export function definitionPlaceholders(definition: AslDefinition): string[] {
  return [...new Set([...JSON.stringify(definition).matchAll(PLACEHOLDER)].map((m) => m[1] as string))].sort();
}

/** Thrown when a definition is deployed or run without a value for one of its placeholders. */
export class MissingSubstitutionError extends Error {
  override readonly name = 'MissingSubstitutionError';
  constructor(readonly missing: readonly string[]) {
    super(`No value for state machine placeholder(s) ${missing.map((m) => `\${${m}}`).join(', ')}; pass them in the substitutions.`);
  }
}

/** Replaces the placeholders as Step Functions' DefinitionSubstitutions would. */
export function substituteDefinition(definition: AslDefinition, values: Readonly<Record<string, string>>): AslDefinition {
  const missing = definitionPlaceholders(definition).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new MissingSubstitutionError(missing);
  return JSON.parse(JSON.stringify(definition).replace(PLACEHOLDER, (_, name: string) => JSON.stringify(values[name]).slice(1, -1))) as AslDefinition;
}
