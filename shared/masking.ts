// Masking of personal data in what the console shows: values that look like emails or card numbers in any
// text, and the JSON fields a pipeline map names as personal. Every scanner here is one forward pass (or two)
// with bounded look-around, so hostile text of any size costs time linear in its length; no regex runs on
// unbounded input. The masked form keeps the shape (`j•••@example.com`, `•••• 4242`) so support can match.

export const MASK = '•••';

/** Longest local part and domain an address may have (RFC 5321); longer runs are not looked at. */
const MAX_LOCAL = 64;
const MAX_DOMAIN = 255;

export interface TextSpan {
  start: number;
  end: number;
  kind: 'email' | 'card';
  /** The value runs into the end of a cut text: all of a card's digits are masked (its last four are unknown). */
  cut?: boolean;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isAlnum = (c: number) => isDigit(c) || isLetter(c);
// RFC 5322 atext minus the characters that would let an address swallow surrounding punctuation.
const isLocalChar = (c: number) => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
const isDomainChar = (c: number) => isAlnum(c) || c === 45 || c === 46;

/** The email address around the `@` at `at`, if there is one: [start, end) of local part and domain. */
function emailAt(text: string, at: number, floor: number): TextSpan | null {
  let start = at;
  while (start > floor && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
  while (start < at && text.charCodeAt(start) === 46) start++;
  if (start === at) return null;
  let end = at + 1;
  while (end < text.length && end - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(end))) end++;
  // A trailing dot or dash ends a sentence, not the domain.
  while (end > at + 1 && !isAlnum(text.charCodeAt(end - 1))) end--;
  let lastDot = end - 1;
  while (lastDot > at && text.charCodeAt(lastDot) !== 46) lastDot--;
  if (lastDot <= at + 1 || end - lastDot - 1 < 2) return null;
  for (let i = lastDot + 1; i < end; i++) if (!isLetter(text.charCodeAt(i))) return null;
  return { start, end, kind: 'email' };
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * True when the character at `i` makes the digits part of a longer id: a digit, or `-._` joining them to a
 * letter or digit (`pay-4111…`, UUID groups, version numbers). A bare letter does not: `Declined4111…` is a card.
 */
function joinsWord(text: string, i: number, step: 1 | -1): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (isDigit(c)) return true;
  if (c !== 45 && c !== 46 && c !== 95) return false;
  const next = i + step;
  return next >= 0 && next < text.length && isAlnum(text.charCodeAt(next));
}

/**
 * Spans of `text` that look like an email address or a card number: 13–19 digits (single spaces or dashes
 * between groups allowed) starting with 2–6 as issued cards do, Luhn-valid, not joined to a longer id by `-._`
 * (so UUIDs, millisecond timestamps and offsets stay). Sorted, never overlapping.
 */
export function findPersonalSpans(text: string, options: { cut?: boolean } = {}): TextSpan[] {
  const spans: TextSpan[] = [];
  let i = 0;
  let emailFloor = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 64) {
      const span = emailAt(text, i, emailFloor);
      if (span) {
        // A card span found to the left inside this address is superseded by it.
        while (spans.length > 0 && spans[spans.length - 1]!.end > span.start) spans.pop();
        spans.push(span);
        i = emailFloor = span.end;
        continue;
      }
      emailFloor = i + 1;
      i++;
      continue;
    }
    if (isDigit(c) && !joinsWord(text, i - 1, -1)) {
      let j = i;
      let digits = '';
      let tooLong = false;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (isDigit(d)) {
          if (digits.length < 20) digits += text[j];
          else tooLong = true;
          j++;
        } else if ((d === 32 || d === 45) && isDigit(text.charCodeAt(j + 1)) && j > i) j++;
        else break;
      }
      const first = digits.charCodeAt(0);
      if (
        !tooLong &&
        digits.length >= 13 &&
        digits.length <= 19 &&
        first >= 50 &&
        first <= 54 &&
        !joinsWord(text, j, 1) &&
        luhnValid(digits)
      )
        spans.push({ start: i, end: j, kind: 'card' });
      i = j;
      continue;
    }
    i++;
  }
  if (options.cut) maskCutEnd(text, spans);
  return spans;
}

/**
 * A value cut at a size limit may end inside an address or a card number that no longer looks like one
 * (`jane.roe@exam`, `4111 1111 11`): what runs into the end is masked too. Looks back a bounded distance.
 */
function maskCutEnd(text: string, spans: TextSpan[]): void {
  const floor = Math.max(spans.length > 0 ? spans[spans.length - 1]!.end : 0, text.length - MAX_DOMAIN - 1);
  let i = text.length;
  while (i > floor && isDomainChar(text.charCodeAt(i - 1))) i--;
  if (i > floor && text.charCodeAt(i - 1) === 64) {
    let start = i - 1;
    while (start > 0 && i - 1 - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) start--;
    if (start < i - 1 && (spans.length === 0 || spans[spans.length - 1]!.end <= start))
      spans.push({ start, end: text.length, kind: 'email', cut: true });
    return;
  }
  let start = text.length;
  let digits = 0;
  while (start > floor && text.length - start < 24) {
    const c = text.charCodeAt(start - 1);
    if (isDigit(c)) digits++;
    else if (!(c === 32 || c === 45) || !isDigit(text.charCodeAt(start - 2))) break;
    start--;
  }
  if (digits >= 6 && !joinsWord(text, start - 1, -1))
    spans.push({ start, end: text.length, kind: 'card', cut: true });
}

/** `jane.doe@example.com` → `j•••@example.com`. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address[0]}${MASK}${address.slice(at)}`;
}

/** Any card number → `•••• 4242`: never more than the last four digits. */
export function maskCard(card: string): string {
  let last4 = '';
  for (let i = card.length - 1; i >= 0 && last4.length < 4; i--)
    if (isDigit(card.charCodeAt(i))) last4 = card[i] + last4;
  return `•••• ${last4}`;
}

export interface MaskedText {
  text: string;
  /** How many values were masked. */
  count: number;
}

function applySpans(text: string, spans: readonly TextSpan[]): string {
  let out = '';
  let from = 0;
  for (const s of spans) {
    const value = text.slice(s.start, s.end);
    const masked = s.kind === 'email' ? maskEmail(value) : s.cut ? '••••' : maskCard(value);
    out += text.slice(from, s.start) + masked;
    from = s.end;
  }
  return out + text.slice(from);
}

/** Emails and card numbers anywhere in the text, masked; `cut`: the text is the start of a longer value. */
export function maskPatterns(text: string, options: { cut?: boolean } = {}): MaskedText {
  const spans = findPersonalSpans(text, options);
  return spans.length === 0 ? { text, count: 0 } : { text: applySpans(text, spans), count: spans.length };
}

/** Free text (an error message, a reason) as it may leave main. */
export function maskText(text: string): string;
export function maskText(text: string | null): string | null;
export function maskText(text: string | null): string | null {
  return text === null ? null : maskPatterns(text).text;
}

/**
 * Byte-level masking for values that are not text (binary keys, values, headers): the bytes read as Latin-1,
 * masked spans overwritten with `*` except what the text form keeps, so the length and the hex view stay.
 */
export function maskBinary(
  bytes: Uint8Array,
  options: { cut?: boolean } = {},
): { bytes: Uint8Array; count: number } {
  let latin1 = '';
  for (let i = 0; i < bytes.length; i += 8192)
    latin1 += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 8192)));
  const spans = findPersonalSpans(latin1, options);
  if (spans.length === 0) return { bytes, count: 0 };
  const out = Uint8Array.from(bytes);
  for (const s of spans) {
    if (s.kind === 'email') {
      const at = latin1.lastIndexOf('@', s.end);
      for (let i = s.start + 1; i < at; i++) out[i] = 0x2a;
    } else {
      let kept = 0;
      for (let i = s.end - 1; i >= s.start; i--) {
        if (!isDigit(out[i]!)) continue;
        if (kept < 4 && !s.cut) kept++;
        else out[i] = 0x2a;
      }
    }
  }
  return { bytes: out, count: spans.length };
}

/**
 * A value of a field named personal, masked whatever it looks like: an email keeps its domain, a number
 * (phone, id) its last two digits, words their initials: `+44 7700 900123` → `•••23`, `Jane Doe` → `J••• D•••`.
 * Only letters and digits of the original survive, so the result is safe inside a JSON string.
 */
export function maskFieldValue(value: string): string {
  const email = findPersonalSpans(value).find((s) => s.kind === 'email');
  if (email) return maskEmail(value.slice(email.start, email.end));
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < value.length && i < 256; i++) {
    const c = value.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (isLetter(c)) letters++;
  }
  if (digits >= 4 && digits > letters) {
    let last2 = '';
    for (let i = value.length - 1; i >= 0 && last2.length < 2; i--)
      if (isDigit(value.charCodeAt(i))) last2 = value[i] + last2;
    return `${MASK}${last2}`;
  }
  const words: string[] = [];
  let wordStart = true;
  for (let i = 0; i < value.length && words.length < 8; i++) {
    const c = value.charCodeAt(i);
    if (c === 32) wordStart = true;
    else if (wordStart) {
      words.push(isAlnum(c) ? `${value[i]}${MASK}` : MASK);
      wordStart = false;
    }
  }
  return words.length === 0 ? MASK : words.join(' ');
}
