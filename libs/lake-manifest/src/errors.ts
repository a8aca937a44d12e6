import { InvalidInputError, NotFoundError } from './error-kinds.js';
/** One thing wrong in one manifest file. */
export interface ManifestProblem {
  readonly file: string;
  /** Where in the file, e.g. "columns[3].type"; empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** The manifest is invalid; the message lists every problem with its file and field. */
export class ManifestError extends InvalidInputError {
  override readonly name = 'ManifestError';
  constructor(readonly problems: readonly ManifestProblem[]) {
    super(
      `The lake manifest is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`).join('\n'),
    );
  }
}

/** A table or column that the manifest does not declare was asked for. */
export class UnknownTableError extends NotFoundError {
  override readonly name = 'UnknownTableError';
  constructor(
    readonly ref: string,
    known: readonly string[],
  ) {
    super(`Unknown lake table "${ref}". Known tables: ${known.join(', ')}`);
  }
}

/** A table's transform SQL is not in the manifest's transforms/ folder. */
export class MissingTransformError extends NotFoundError {
  override readonly name = 'MissingTransformError';
  constructor(
    readonly ref: string,
    readonly file: string,
  ) {
    super(`No transform SQL for "${ref}": the lake manifest has no ${file}`);
  }
}

/** The silver MERGE template uses a placeholder the engines do not know how to fill. */
export class TransformTemplateError extends InvalidInputError {
  override readonly name = 'TransformTemplateError';
  constructor(
    readonly ref: string,
    readonly placeholder: string,
  ) {
    super(`Cannot fill ${placeholder} in transforms/silver/merge.sql for ${ref}: known placeholders are {{key}}, {{key_equals:a:b}}, {{columns:p}}, {{computed}}`);
  }
}
