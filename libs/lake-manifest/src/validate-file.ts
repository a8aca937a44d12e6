// Turns zod issues into problems that name the file, the field and what was expected.
import type { z } from 'zod';
import type { ManifestProblem } from './errors.js';

export interface ManifestFileSource {
  /** Path of the file relative to the manifest root, used in every error message. */
  readonly file: string;
  readonly data: unknown;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  const text = JSON.stringify(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function issueToProblems(file: string, issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): ManifestProblem[] {
  const path = [...prefix, ...issue.path];
  // A union reports one issue list per alternative; the closest alternative explains the mistake best.
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
    return closest.flatMap((inner) => issueToProblems(file, inner, path));
  }
  const got = 'input' in issue && issue.code !== 'unrecognized_keys' ? `, got ${describeInput(issue.input)}` : '';
  return [{ file, path: formatPath(path), message: `${issue.message}${got}` }];
}

/** Parses one file with its schema; returns the value or the problems found. */
export function validateFile<T>(schema: z.ZodType<T>, source: ManifestFileSource): { value?: T; problems: ManifestProblem[] } {
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return { value: result.data, problems: [] };
  return { problems: result.error.issues.flatMap((issue) => issueToProblems(source.file, issue, [])) };
}
