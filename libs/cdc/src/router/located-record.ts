/**
 * A record together with where it was read from (e.g. "changes.jsonl line 7"), so that a failure
 * names its origin. `record` is the record as read: a parsed value, or the text that did not parse.
 * `line` is the origin's line number, for those who list failures by line.
 */
export class LocatedRecord {
  constructor(
    readonly origin: string,
    readonly record: unknown,
    readonly line?: number,
  ) {}
}
