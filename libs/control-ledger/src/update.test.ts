import { describe, expect, it } from 'vitest';
import { newRecord } from '@datamaster/lake-contract';
import { rawObject } from './test-helpers.js';
import { transitionUpdate } from './update.js';

describe('transitionUpdate', () => {
  const current = { ...newRecord(rawObject(), new Date('2030-01-01T00:00:00.000Z')), leaseOwner: 'w1' };
  const next = { ...current, leaseOwner: undefined, status: 'failed' as const, version: 2, updatedAt: '2030-01-01T00:00:01.000Z' };
  const update = transitionUpdate('ledger', current, next);
  const names = update.ExpressionAttributeNames ?? {};
  const nameOf = (field: string) => Object.keys(names).find((name) => names[name] === field);

  it('sets what changed, the index keys with it, and removes what was cleared', () => {
    const set = update.UpdateExpression?.match(/^SET (.*) REMOVE (.*)$/);
    expect(set).not.toBeNull();
    const setFields = set![1]!.split(', ').map((assignment) => names[assignment.split(' = ')[0]!]);
    expect(setFields.sort()).toEqual(['dueAt', 'layerStatus', 'status', 'statusRegisteredAt', 'updatedAt', 'version']);
    expect(set![2]).toBe(nameOf('leaseOwner'));
  });

  it('applies only to the status and version it was planned from', () => {
    expect(update.ConditionExpression).toBe('#status = :expectedStatus AND #version = :expectedVersion');
    expect(update.ExpressionAttributeValues?.[':expectedStatus']).toEqual({ S: 'pending' });
    expect(update.ExpressionAttributeValues?.[':expectedVersion']).toEqual({ N: '1' });
    expect(update.Key).toEqual({ recordId: { S: current.recordId } });
  });
});
