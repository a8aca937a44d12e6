/** An embedded AWS-API server could not start; the message names the service, its data folder and what to do. */
export class EmbeddedServiceStartError extends Error {
  override readonly name = 'EmbeddedServiceStartError';
  constructor(
    readonly service: 'DynamoDB' | 'S3',
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Embedded ${service} could not start: ${detail}`, options);
  }
}
