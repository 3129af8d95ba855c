// Masking of the JSON fields a pipeline map names as personal, straight on the JSON text: one forward pass
// that tracks where it is (the last few keys of the path), so it also works on a value cut at 64 KiB, which
// no parser accepts, and stays linear on hostile nesting (each level remembers a bounded tail of keys).
import { maskFieldValue } from './masking';

/** A personal field: `email` matches that key at any depth, `customer.email` that key under `customer`. */
export type FieldRule = readonly string[];

export function parseFieldRule(field: string): FieldRule {
  return field
    .split('.')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part.length > 0);
}

interface Frame {
  /** The last keys leading to this container, lower-case, at most `depth` of them. */
  tail: readonly string[];
  /** Everything inside is masked: the container is itself the value of a personal field. */
  masked: boolean;
}

const MAX_KEY = 128;

function matchesRule(tail: readonly string[], key: string, rule: FieldRule): boolean {
  if (rule.length === 0 || rule[rule.length - 1] !== key) return false;
  for (let k = 2; k <= rule.length; k++)
    if (tail[tail.length - k + 1] !== rule[rule.length - k]) return false;
  return true;
}

const isWhitespace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** End (exclusive) of the JSON string starting at the quote at `i`; the text's end when it is cut. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 92) j += 2;
    else if (c === 34) return j + 1;
    else j++;
  }
  return text.length;
}

/**
 * The text with every string or number under a personal field replaced by its masked form (as a JSON
 * string, so valid JSON stays valid); booleans and nulls stay. `count` is how many values were masked.
 */
export function maskJsonFields(text: string, rules: readonly FieldRule[]): { text: string; count: number } {
  if (rules.length === 0) return { text, count: 0 };
  // Most records name no personal field at all: a native search finds that faster than the walk below.
  const lower = text.toLowerCase();
  if (!rules.some((rule) => lower.includes(`"${rule[rule.length - 1]!}"`))) return { text, count: 0 };
  const depth = rules.reduce((n, r) => Math.max(n, r.length), 1);
  const root: Frame = { tail: [], masked: false };
  const stack: Frame[] = [root];
  let pendingKey: string | null = null;
  let pendingPersonal = false;
  let out = '';
  let from = 0;
  let count = 0;
  const replace = (start: number, end: number, raw: string) => {
    out += `${text.slice(from, start)}"${maskFieldValue(raw)}"`;
    from = end;
    count++;
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1]!;
    if (c === 34) {
      const end = stringEnd(text, i);
      let k = end;
      while (k < text.length && isWhitespace(text.charCodeAt(k))) k++;
      if (text.charCodeAt(k) === 58) {
        const key = end - i - 2 <= MAX_KEY ? text.slice(i + 1, end - 1).toLowerCase() : '';
        pendingKey = key;
        pendingPersonal = top.masked || rules.some((rule) => matchesRule(top.tail, key, rule));
        i = k + 1;
        continue;
      }
      if (top.masked || pendingPersonal) replace(i, end, text.slice(i + 1, Math.max(i + 1, end - 1)));
      pendingKey = null;
      pendingPersonal = false;
      i = end;
      continue;
    }
    if (c === 123 || c === 91) {
      const tail = pendingKey === null ? top.tail : [...top.tail, pendingKey].slice(-depth);
      stack.push({ tail, masked: top.masked || pendingPersonal });
      pendingKey = null;
      pendingPersonal = false;
      i++;
      continue;
    }
    if (c === 125 || c === 93) {
      if (stack.length > 1) stack.pop();
      pendingKey = null;
      pendingPersonal = false;
      i++;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) j++;
        else break;
      }
      if (top.masked || pendingPersonal) replace(i, j, text.slice(i, j));
      pendingKey = null;
      pendingPersonal = false;
      i = j;
      continue;
    }
    if (c === 44) {
      pendingKey = null;
      pendingPersonal = false;
    }
    i++;
  }
  return count === 0 ? { text, count } : { text: out + text.slice(from), count };
}
