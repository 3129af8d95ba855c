// One line naming the schema that decoded a key or value, e.g. "Avro · subject payments-value v3 · id 7".
import type { SchemaFormat, SchemaInfo } from '../../../../shared/recordView';

const formatNames: Record<SchemaFormat, string> = {
  avro: 'Avro',
  protobuf: 'Protobuf',
  'json-schema': 'JSON Schema',
};

export function schemaLabel(schema: SchemaInfo): string {
  const parts = [schema.format ? formatNames[schema.format] : 'Confluent wire format'];
  if (schema.subject)
    parts.push(`subject ${schema.subject}${schema.version !== undefined ? ` v${schema.version}` : ''}`);
  if (schema.messageType) parts.push(`message ${schema.messageType}`);
  if (schema.format === 'json-schema' && schema.title) parts.push(schema.title);
  parts.push(`id ${schema.id}`);
  return parts.join(' · ');
}
