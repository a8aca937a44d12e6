import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lakeManifest } from '@datamaster/lake-manifest';
import { silverMergeSql } from '@datamaster/lake-manifest/transforms';
import { describe, expect, it } from 'vitest';
import { COMMIT_SUMMARY } from '../processing/work.js';
import { contractDocument, serializeContractDocument } from './contract-document.js';
import { CONTRACT_DOCUMENT_PATH } from './document-path.js';

const committed = fileURLToPath(new URL(`../../../../${CONTRACT_DOCUMENT_PATH}`, import.meta.url));

describe('the contract document', () => {
  it('is committed as the builder produces it now', () => {
    const message = `${CONTRACT_DOCUMENT_PATH} is stale: run npx nx run lake-contract:export and commit it`;
    expect(readFileSync(committed, 'utf8'), message).toBe(serializeContractDocument(contractDocument()));
  });

  it('has every table in manifest order with its system columns, and the filled MERGE of each source table', () => {
    const document = contractDocument();
    expect(document.manifest.tables.map((t) => t.ref)).toEqual(lakeManifest().tables.map((t) => t.ref));
    const silverReview = document.manifest.tables.find((t) => t.ref === 'silver.review');
    expect(silverReview?.columns.filter((c) => c.origin === 'system').map((c) => c.name)).toEqual(['created_at', 'updated_at', 'deleted_at']);
    expect(silverReview?.partitionBy).toEqual(['review_year', 'review_month']);
    expect(document.transforms.silverMerge['silver.review']).toBe(silverMergeSql(lakeManifest().tables.find((t) => t.ref === 'silver.review')!));
    expect(document.transforms.silverMerge['silver.review']).not.toContain('{{');
    expect(Object.keys(document.transforms.derived)).toContain('silver.review_flat');
    expect(document.processing.commitSummary).toEqual(COMMIT_SUMMARY);
  });

  it('gives the layout as patterns of its own functions', () => {
    const { layout } = contractDocument();
    expect(layout['workFileKey']).toBe('work/{layer}/{table}/{workId}.json');
    expect(layout['downstreamWorkKey']).toBe('{layer}/{table}/inputs/{upstreamRef}@{snapshotId}');
  });

  it('sorts keys at every level and keeps array order', () => {
    const text = serializeContractDocument(contractDocument());
    expect(text.endsWith('}\n')).toBe(true);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['defaults', 'iceberg', 'layout', 'manifest', 'processing', 'stateMachines', 'transforms', 'version']);
  });
});
