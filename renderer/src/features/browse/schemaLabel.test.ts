import { describe, expect, it } from 'vitest';
import { schemaLabel } from './schemaLabel';

describe('schema label', () => {
  it('names format, subject with version and id', () => {
    expect(schemaLabel({ id: 7, format: 'avro', subject: 'payments-value', version: 3, title: 'P' })).toBe(
      'Avro · subject payments-value v3 · id 7',
    );
  });
  it('adds the Protobuf message type and the JSON Schema title', () => {
    expect(schemaLabel({ id: 3, format: 'protobuf', subject: 'r', version: 1, messageType: 'a.B' })).toBe(
      'Protobuf · subject r v1 · message a.B · id 3',
    );
    expect(schemaLabel({ id: 4, format: 'json-schema', title: 'AuditEntry' })).toBe(
      'JSON Schema · AuditEntry · id 4',
    );
  });
  it('says only the id when the schema could not be fetched', () => {
    expect(schemaLabel({ id: 99 })).toBe('Confluent wire format · id 99');
  });
});
