// "Copy as JSON": a record as a person would paste it into a ticket. JSON values stay JSON, text stays text,
// and bytes that are not text are given as hex with the decoder's reason (never mangled into U+FFFD).
import type { BytesView, RecordView } from '../../../../shared/recordView';

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function bytesAsJson(view: BytesView): JsonValue {
  switch (view.kind) {
    case 'null':
      return null;
    case 'empty':
      return '';
    case 'json':
      return view.truncated ? (view.text ?? '') : (JSON.parse(view.text ?? 'null') as JsonValue);
    case 'text':
      return view.truncated ? { text: view.text ?? '', truncated: true, size: view.size } : (view.text ?? '');
    case 'binary':
      return {
        hex: view.hex ?? '',
        reason: view.reason ?? 'not text',
        size: view.size,
        ...(view.truncated ? { truncated: true } : {}),
      };
  }
}

export function recordAsJson(record: RecordView): string {
  const out: { [key: string]: JsonValue } = {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    time: new Date(record.timestamp).toISOString(),
    key: bytesAsJson(record.key),
    value: bytesAsJson(record.value),
    headers: record.headers.map((h) => ({
      key: h.key,
      ...(h.kind === 'binary'
        ? { hex: h.hex, reason: h.reason ?? 'not text' }
        : { value: h.kind === 'null' ? null : h.text }),
    })),
    sizeBytes: record.sizeBytes,
  };
  return JSON.stringify(out, null, 2);
}

/** "00 0a ff …" in lines of 16 bytes, each line led by its byte offset, like `xxd`. */
export function formatHexDump(hex: string): string {
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += 32) {
    const chunk = hex.slice(i, i + 32);
    const bytes = chunk.match(/../g) ?? [];
    lines.push(`${(i / 2).toString(16).padStart(8, '0')}  ${bytes.join(' ')}`);
  }
  return lines.join('\n');
}
