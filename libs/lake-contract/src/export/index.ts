// A separate entry point (@datamaster/lake-contract/export): the document carries every transform's SQL, which
// the portal, the dashboards and the workers have no use for.
export { CONTRACT_DOCUMENT_VERSION, contractDocument, serializeContractDocument, type ContractColumn, type ContractDocument, type ContractTable } from './contract-document.js';
export { CONTRACT_DOCUMENT_PATH } from './document-path.js';
