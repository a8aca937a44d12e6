export {
  DMS_CONTROL_OPERATIONS,
  DMS_DATA_OPERATIONS,
  dmsControlRecordSchema,
  dmsDataRecordSchema,
  dmsRecordSchema,
  isDataRecord,
  type DmsControlOperation,
  type DmsControlRecord,
  type DmsDataOperation,
  type DmsDataRecord,
  type DmsRecord,
} from './envelope.js';
