/** Where the exported document is committed, relative to the repository root (spark/ reads it from there). */
export const CONTRACT_DOCUMENT_PATH = 'libs/lake-contract/generated/lake-contract.json';
