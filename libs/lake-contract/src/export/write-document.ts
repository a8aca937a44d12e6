// `nx run lake-contract:export`: bundled by esbuild and run from the repository root, it writes the contract
// document where the repository keeps it (or to the path given as the first argument).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { contractDocument, serializeContractDocument } from './contract-document.js';
import { CONTRACT_DOCUMENT_PATH } from './document-path.js';

const target = resolve(process.argv[2] ?? CONTRACT_DOCUMENT_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, serializeContractDocument(contractDocument()));
process.stdout.write(`lake contract: ${target}\n`);
