// The processing state machine's Lambda tasks, one bundle with a handler each: ClaimWork, SettleWork and FailWork
// are the functions the local run calls in process (libs/processing), given the state's Payload; what they return
// is the Payload the state reads back. A thrown error fails the task, and the state's Catch takes over.
import { claimWork as claim, failWork as fail, settleWork as settle, type ClaimRequest, type FailRequest, type SettleRequest } from '@datamaster/processing';
import { taskContext } from './context.js';

export const claimWork = (event: ClaimRequest) => claim(taskContext(), event);
export const settleWork = (event: SettleRequest) => settle(taskContext(), event);
export const failWork = (event: FailRequest) => fail(taskContext(), event);
