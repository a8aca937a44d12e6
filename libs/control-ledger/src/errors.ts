// Errors of the DynamoDB adapter: a missing record, refused input, a table that is not a ledger table.
import { ConflictError, InvalidInputError, NotFoundError } from '@datamaster/lake-manifest';
export class LedgerRecordNotFoundError extends NotFoundError {
  override readonly name = 'LedgerRecordNotFoundError';
  constructor(
    readonly recordId: string,
    readonly tableName: string,
  ) {
    super(
      `No control ledger record ${recordId} in table ${tableName}. Check the id (list() or \`datamaster status\` ` +
        'show them) and the ledger table, or register the object first.',
    );
  }
}

/** Input the ledger refuses before writing anything; the message lists every problem. */
export class LedgerInputError extends InvalidInputError {
  override readonly name = 'LedgerInputError';
  constructor(
    readonly what: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ${what}: ${problems.join('; ')}.`);
  }
}

/** The ledger table exists but not with the keys and indexes this code queries. */
export class LedgerTableMismatchError extends ConflictError {
  override readonly name = 'LedgerTableMismatchError';
  constructor(
    readonly tableName: string,
    readonly problems: readonly string[],
  ) {
    super(
      `The DynamoDB table ${tableName} is not a control ledger table: ${problems.join('; ')}. Use another table ` +
        'name, or delete this table (locally: the lake home\'s ledger folder) so that it is created with ' +
        'ledgerTableDefinition().',
    );
  }
}
