export type {
  ListObjectsOptions,
  ObjectBody,
  ObjectCreatedEvent,
  ObjectCreatedListener,
  ObjectInfo,
  ObjectListPage,
  ObjectStore,
  ObjectSummary,
  PutObjectOptions,
} from './object-store.js';
export {
  InvalidListOptionsError,
  InvalidObjectKeyError,
  InvalidObjectMetadataError,
  InvalidObjectStoreRoutesError,
  InvalidObjectStoreUriError,
  InvalidS3EventNotificationError,
  ObjectKeyConflictError,
  ObjectNotFoundError,
} from './errors.js';
export { openObjectStore, type OpenObjectStoreOptions } from './open-object-store.js';
export { FileObjectStore } from './file/file-object-store.js';
export { S3ObjectStore } from './s3/s3-object-store.js';
export { PrefixRoutedObjectStore, type ObjectStoreRoute, type PrefixRoutedObjectStoreOptions } from './routed/prefix-routed-object-store.js';
export { parseS3EventNotification } from './s3/s3-event-notification.js';
export { validateObjectKey } from './keys.js';
