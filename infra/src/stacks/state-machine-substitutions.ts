// DefinitionSubstitutions for exactly a state machine definition's placeholders: a missing value would deploy a
// literal "${Name}" into the machine, an extra one means the stack and the ASL file disagree about what it needs.
/** Thrown when the ASL file's placeholders and the values the stack gives them differ (an ASL change the stack misses). */
export class UnmatchedPlaceholdersError extends Error {
  override readonly name = 'UnmatchedPlaceholdersError';
  constructor(
    readonly placeholders: readonly string[],
    readonly substitutions: readonly string[],
  ) {
    super(`The state machine's placeholders are ${placeholders.join(', ')}, but the stack substitutes ${substitutions.join(', ')}.`);
  }
}

/** DefinitionSubstitutions for exactly the definition's placeholders. */
export function substitutionsFor(placeholders: readonly string[], values: Readonly<Record<string, string>>): Record<string, string> {
  const given = Object.keys(values).sort();
  if (given.join() !== [...placeholders].sort().join()) throw new UnmatchedPlaceholdersError(placeholders, given);
  return { ...values };
}
