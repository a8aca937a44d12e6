/**
 * Where the delivery stream writes its objects. @datamaster/storage's ObjectStore satisfies it as
 * it is; it is declared here so this domain library needs no storage adapter.
 */
export interface ObjectSink {
  put(key: string, body: Buffer, options: { contentType?: string; metadata?: Record<string, string> }): Promise<unknown>;
}
