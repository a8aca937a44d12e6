import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** `datamaster contract export`: the language-neutral contract document (what spark/ and other non-TypeScript consumers read). */
export function registerContract(program: Command, ctx: CommandContext): void {
  const contract = program.command('contract').description('The lake contract: the resolved manifest, layout, transforms, defaults and state machine placeholders.');
  contract
    .command('export')
    .description('Write the contract as one JSON document (to stdout, or --out <file>); the repository keeps it at libs/lake-contract/generated/lake-contract.json.')
    .option('--out <file>', 'write the document to this file instead of stdout')
    .action(async (options: { out?: string }) => {
      const { contractDocument, serializeContractDocument } = await import('@datamaster/lake-contract/export');
      const text = serializeContractDocument(contractDocument());
      if (options.out === undefined) {
        ctx.streams.stdout.write(text);
        return;
      }
      const target = resolve(ctx.streams.cwd, options.out);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      ctx.output.line(`lake contract written to ${target}`);
    });
}
