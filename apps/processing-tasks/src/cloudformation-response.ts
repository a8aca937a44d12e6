// CloudFormation's custom resource protocol, the part a Lambda-backed resource needs: the request CloudFormation
// sends, and the answer it waits for at the request's pre-signed URL (it waits up to the resource's ServiceTimeout).

export interface CloudFormationEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  /** Absent on Create: the resource gets the one the answer names. */
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties?: Readonly<Record<string, unknown>>;
}

export type CloudFormationOutcome = { readonly Status: 'SUCCESS'; readonly Data?: Readonly<Record<string, string>> } | { readonly Status: 'FAILED'; readonly Reason: string };

/** CloudFormation refuses an answer over 4,096 bytes; the reason is the part that can grow. */
const MAX_REASON_CHARACTERS = 1024;

export class CloudFormationResponseError extends Error {
  override readonly name = 'CloudFormationResponseError';
  constructor(
    readonly logicalResourceId: string,
    readonly status: number,
  ) {
    super(`CloudFormation's response URL for ${logicalResourceId} answered HTTP ${status}; the stack waits until the resource's ServiceTimeout.`);
  }
}

export async function respond(event: CloudFormationEvent, outcome: CloudFormationOutcome): Promise<void> {
  const body = JSON.stringify({
    ...(outcome.Status === 'FAILED' ? { ...outcome, Reason: outcome.Reason.slice(0, MAX_REASON_CHARACTERS) } : outcome),
    // The same id on every request: a new one would make CloudFormation delete the "old" resource.
    PhysicalResourceId: event.PhysicalResourceId ?? event.LogicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  // The URL is signed without a content type: sending one would break the signature.
  const response = await fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
  if (!response.ok) throw new CloudFormationResponseError(event.LogicalResourceId, response.status);
}
