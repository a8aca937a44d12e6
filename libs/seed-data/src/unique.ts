/**
 * Claims `candidate` in `taken`, or, when someone already has it, the first free variant
 * `withSuffix(2)`, `withSuffix(3)`, … Deterministic: the same sequence of candidates always
 * yields the same names.
 */
export function claimUnique(taken: Set<string>, candidate: string, withSuffix: (n: number) => string): string {
  let name = candidate;
  for (let n = 2; taken.has(name); n++) name = withSuffix(n);
  taken.add(name);
  return name;
}

/** An email address with a number appended to its local part: ann@x.com → ann2@x.com. */
export function numberedEmail(email: string, n: number): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at)}${n}${email.slice(at)}`;
}
