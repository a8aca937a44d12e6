// The Firehose transformation Lambda (Node 20, handler "index.handler"): the delivery stream's
// router on AWS. All logic lives in @datamaster/cdc, shared with the local delivery stream.
import { routeFirehoseEvent, type FirehoseTransformationEvent, type FirehoseTransformationResult } from '@datamaster/cdc';

export async function handler(event: FirehoseTransformationEvent): Promise<FirehoseTransformationResult> {
  return routeFirehoseEvent(event);
}
