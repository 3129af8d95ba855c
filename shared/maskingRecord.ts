// A record view with its personal data masked: the fields the pipeline map names (in JSON keys, values and
// same-named headers) and emails and card numbers anywhere, text or binary. The one function every output
// that carries record content goes through before it leaves main.
import { maskBinary, maskFieldValue, maskPatterns } from './masking';
import { maskJsonFields, parseFieldRule, type FieldRule } from './maskingJson';
import type { PipelineMap } from './pipelineMap';
import { toHex, type BytesView, type HeaderView, type RecordView } from './recordView';

export interface MaskingPolicy {
  /** Personal JSON fields (and header names, for one-segment rules). */
  rules: readonly FieldRule[];
}

/** The map's personal fields plus every stage's own. */
export function maskingPolicyFor(map: Pick<PipelineMap, 'personalFields' | 'stages'>): MaskingPolicy {
  const fields = new Set<string>(map.personalFields);
  for (const stage of map.stages) for (const f of stage.personalDataFields) fields.add(f);
  return { rules: [...fields].map(parseFieldRule).filter((r) => r.length > 0) };
}

const utf8 = new TextEncoder();

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{' || c === '[') return true;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return false;
  }
  return false;
}

/** Text with personal fields (when it is JSON, whole or cut) and patterns masked. */
function maskContentText(text: string, policy: MaskingPolicy, cut = false): { text: string; count: number } {
  const fields = looksLikeJson(text) ? maskJsonFields(text, policy.rules) : { text, count: 0 };
  const patterns = maskPatterns(fields.text, { cut });
  return { text: patterns.text, count: fields.count + patterns.count };
}

export function maskBytesView(view: BytesView, policy: MaskingPolicy): { view: BytesView; count: number } {
  if (view.kind === 'null' || view.kind === 'empty') return { view, count: 0 };
  if (view.kind === 'binary') {
    const masked = maskBinary(fromHex(view.hex ?? ''), { cut: view.truncated });
    if (masked.count === 0) return { view, count: 0 };
    return { view: { ...view, hex: toHex(masked.bytes), masked: true }, count: masked.count };
  }
  const masked = maskContentText(view.text ?? '', policy, view.truncated);
  if (masked.count === 0) return { view, count: 0 };
  const { hex, ...rest } = view;
  return {
    view: {
      ...rest,
      text: masked.text,
      ...(hex ? { hex: toHex(utf8.encode(masked.text)) } : {}),
      masked: true,
    },
    count: masked.count,
  };
}

export function maskHeaderView(
  header: HeaderView,
  policy: MaskingPolicy,
): { view: HeaderView; count: number } {
  if (header.kind === 'binary') {
    // Header hex stops at 4 KiB (recordView.ts): a longer value is cut there.
    const masked = maskBinary(fromHex(header.hex), { cut: header.size > header.hex.length / 2 });
    if (masked.count === 0) return { view: header, count: 0 };
    const hex = toHex(masked.bytes);
    return { view: { ...header, text: hex, hex, masked: true }, count: masked.count };
  }
  if (header.kind !== 'text') return { view: header, count: 0 };
  const name = header.key.toLowerCase();
  const named = policy.rules.some((rule) => rule.length === 1 && rule[0] === name);
  const masked = named
    ? { text: maskFieldValue(header.text), count: 1 }
    : maskContentText(header.text, policy);
  if (masked.count === 0) return { view: header, count: 0 };
  return {
    view: { ...header, text: masked.text, hex: toHex(utf8.encode(masked.text), 4096), masked: true },
    count: masked.count,
  };
}

/**
 * The record view as it may leave main. The result always carries `maskedValues` (0 when nothing was
 * personal), so a view masked where it was built (a worker, say) is not scanned a second time here.
 */
export function maskRecordView(view: RecordView, policy: MaskingPolicy): RecordView {
  if (view.maskedValues !== undefined) return view;
  const key = maskBytesView(view.key, policy);
  const value = maskBytesView(view.value, policy);
  let count = key.count + value.count;
  const headers = view.headers.map((h) => {
    const masked = maskHeaderView(h, policy);
    count += masked.count;
    return masked.view;
  });
  if (count === 0) return { ...view, maskedValues: 0 };
  return { ...view, key: key.view, value: value.view, headers, maskedValues: count };
}
