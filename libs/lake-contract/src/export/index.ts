// A separate entry point (@datamaster/lake-contract/export): the document carries the transform SQL, which
// lake-manifest imports as .sql text, so only consumers that build with the SQL text loader import it.
export { CONTRACT_DOCUMENT_VERSION, contractDocument, serializeContractDocument, type ContractColumn, type ContractDocument, type ContractTable } from './contract-document.js';
export { CONTRACT_DOCUMENT_PATH } from './document-path.js';
