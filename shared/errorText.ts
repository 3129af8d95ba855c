// Error-message normalisation for fingerprints, in linear time over a capped prefix.
//
// Exception messages arrive from anyone who can write to a dead-letter topic, so nothing here may cost
// more than a constant per character: each step is a hand-written left-to-right scanner that reads a
// character a bounded number of times (no backtracking, no lookahead that rescans a run); the last
// step is a regex whose linearity is argued where it stands. Only the first FINGERPRINT_MESSAGE_CHARS
// characters are looked at; callers keep the full message for display.
//
// The steps run in a fixed order, each over the previous step's output, and each gives exactly the
// result of the regular expression quoted above it. Fingerprints therefore stay equal to those that
// stages have written into eventdesk_error_fingerprint headers, so a DLQ's groups do not split between
// records fingerprinted by a stage and records fingerprinted by the console.
// Placeholders (<uuid>, <email>, ...) are delimited by < and >, which no later step treats as part of
// a token, so a later step never rewrites an earlier one's placeholder.

/** The prefix of a message that decides its fingerprint; messages equal in it group together. */
export const FINGERPRINT_MESSAGE_CHARS = 4096;

const Ch = {
  Percent: 0x25,
  Plus: 0x2b,
  Dash: 0x2d,
  Dot: 0x2e,
  Zero: 0x30,
  Nine: 0x39,
  Colon: 0x3a,
  At: 0x40,
  Underscore: 0x5f,
} as const;

const isDigit = (c: number) => c >= Ch.Zero && c <= Ch.Nine;
const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isHexDigit = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
/** Regex `\w`: what `\b` measures against. */
const isWord = (c: number) => isDigit(c) || isLetter(c) || c === Ch.Underscore;
/** `[A-Za-z0-9_-]`: the characters of an id-like token. */
const isIdChar = (c: number) => isWord(c) || c === Ch.Dash;
/** `[A-Za-z0-9.-]`: an email domain. */
const isDomainChar = (c: number) => isDigit(c) || isLetter(c) || c === Ch.Dot || c === Ch.Dash;
/** `[A-Za-z0-9._%+-]`: an email local part. */
const isLocalChar = (c: number) =>
  isDomainChar(c) || c === Ch.Underscore || c === Ch.Percent || c === Ch.Plus;

/** Regex `\b` before position i (NaN past either end reads as a non-word character). */
function boundaryAt(text: string, i: number): boolean {
  return isWord(text.charCodeAt(i - 1)) !== isWord(text.charCodeAt(i));
}

/** End of the run of `test` characters starting at i, reading at most `max` of them. */
function runEnd(text: string, i: number, test: (c: number) => boolean, max = Infinity): number {
  const stop = Math.min(text.length, i + max);
  while (i < stop && test(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Builds the output of one step: `match(text, i)` returns the end of a token starting at i, or -1.
 * Scanning resumes after a token, as a global regex replace does.
 */
function replaceTokens(
  text: string,
  placeholder: string,
  match: (text: string, i: number) => number,
): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length;) {
    const end = match(text, i);
    if (end > i) {
      out += text.slice(copied, i) + placeholder;
      copied = i = end;
    } else i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}` (any case, no boundaries): at most 36 reads per position. */
const UUID_GROUPS = [8, 4, 4, 4, 12];
function uuidAt(text: string, i: number): number {
  let p = i;
  for (const width of UUID_GROUPS) {
    if (p !== i && text.charCodeAt(p++) !== Ch.Dash) return -1;
    for (let k = 0; k < width; k++) if (!isHexDigit(text.charCodeAt(p++))) return -1;
  }
  return p;
}

/**
 * `[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`. A backtracking engine retries the domain from
 * every character of a long local part; here the local run is tracked while scanning forward and the domain
 * after each `@` is read once: the match ends after the letters following the last dot (not the
 * domain's first character) that is followed by at least two letters. A failed domain is scanned again
 * as ordinary text, because it may be the local part of the next address (`x@y@example.com`), so each
 * character is read at most three times.
 */
function replaceEmails(text: string): string {
  let out = '';
  let copied = 0;
  let localStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isLocalChar(c)) {
      if (localStart < 0) localStart = i;
      continue;
    }
    if (c === Ch.At && localStart >= 0) {
      const end = emailDomainEnd(text, i + 1);
      if (end > 0) {
        out += text.slice(copied, localStart) + '<email>';
        copied = end;
        i = end - 1;
      }
    }
    localStart = -1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function emailDomainEnd(text: string, start: number): number {
  const end = runEnd(text, start, isDomainChar);
  let lastDot = -1;
  for (let k = start + 1; k < end; k++) {
    if (text.charCodeAt(k) === Ch.Dot && isLetter(text.charCodeAt(k + 1)) && isLetter(text.charCodeAt(k + 2)))
      lastDot = k;
  }
  return lastDot < 0 ? -1 : runEnd(text, lastDot + 1, isLetter);
}

/**
 * `\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b`: four groups of one to three digits (a longer run cannot match,
 * since `\d{1,3}` would be followed by a digit), then a `:port` kept only when a boundary follows it.
 */
function ipAt(text: string, i: number): number {
  if (!isDigit(text.charCodeAt(i)) || !boundaryAt(text, i)) return -1;
  let p = i;
  for (let group = 0; group < 4; group++) {
    // Reading a fourth digit is enough to know the group is too long.
    const end = runEnd(text, p, isDigit, 4);
    if (end === p || end - p > 3) return -1;
    p = end;
    if (group < 3) {
      if (text.charCodeAt(p) !== Ch.Dot) return -1;
      p++;
    }
  }
  if (text.charCodeAt(p) === Ch.Colon && isDigit(text.charCodeAt(p + 1))) {
    const portEnd = runEnd(text, p + 1, isDigit);
    if (boundaryAt(text, portEnd)) return portEnd;
  }
  return boundaryAt(text, p) ? p : -1;
}

/** `\b0x[0-9a-f]+\b` (any case): the whole hex run must end at a boundary. */
function hexLiteralAt(text: string, i: number): number {
  if (text.charCodeAt(i) !== Ch.Zero || !boundaryAt(text, i)) return -1;
  const x = text.charCodeAt(i + 1);
  if (x !== 0x78 && x !== 0x58) return -1;
  const end = runEnd(text, i + 2, isHexDigit);
  return end > i + 2 && boundaryAt(text, end) ? end : -1;
}

/**
 * `\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{3,}\b`: tokens mixing letters and digits
 * (pay_123abc, ch_9f8e, ce-42) are ids; pure words stay. For each maximal run of `[A-Za-z0-9_-]`, that
 * regex matches exactly the run without its leading and trailing dashes (boundaries sit only at word
 * characters there), when that core has at least 3 characters, a digit and a letter. The run is read
 * once here, where the lookaheads would rescan it from every boundary inside it.
 */
function replaceIds(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length;) {
    if (!isIdChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const end = runEnd(text, i, isIdChar);
    let from = i;
    let to = end;
    while (from < to && text.charCodeAt(from) === Ch.Dash) from++;
    while (to > from && text.charCodeAt(to - 1) === Ch.Dash) to--;
    if (to - from >= 3) {
      let digit = false;
      let letter = false;
      for (let k = from; k < to && !(digit && letter); k++) {
        const c = text.charCodeAt(k);
        digit ||= isDigit(c);
        letter ||= isLetter(c);
      }
      if (digit && letter) {
        out += text.slice(copied, from) + '<id>';
        copied = to;
      }
    }
    i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** `\b[0-9a-f]{16,}\b` (any case): what the id step left, i.e. long runs of only digits or only a-f. */
function longHexAt(text: string, i: number): number {
  if (!isHexDigit(text.charCodeAt(i)) || !boundaryAt(text, i)) return -1;
  const end = runEnd(text, i, isHexDigit);
  return end - i >= 16 && boundaryAt(text, end) ? end : -1;
}

/** `\d+(?:\.\d+)?` (no boundaries). */
function numberAt(text: string, i: number): number {
  if (!isDigit(text.charCodeAt(i))) return -1;
  const end = runEnd(text, i, isDigit);
  return text.charCodeAt(end) === Ch.Dot && isDigit(text.charCodeAt(end + 1))
    ? runEnd(text, end + 1, isDigit)
    : end;
}

/**
 * The normalisation over the whole text, without the cap: linear in its length. Exported for tests
 * that prove the linearity on inputs far longer than the cap.
 */
export function normalizeErrorText(text: string): string {
  let t = replaceTokens(text, '<uuid>', uuidAt);
  t = replaceEmails(t);
  t = replaceTokens(t, '<ip>', ipAt);
  t = replaceTokens(t, '<hex>', hexLiteralAt);
  t = replaceIds(t);
  t = replaceTokens(t, '<hex>', longHexAt);
  t = replaceTokens(t, '<n>', numberAt);
  // One quantifier over one character class: each attempt either fails on its first character or
  // consumes a run that is never read again, so this regex is linear.
  return t.replace(/\s+/g, ' ').trim();
}

/**
 * Replaces the parts of an error message that differ per record, so equal failures group together.
 * Only the first FINGERPRINT_MESSAGE_CHARS characters count: a hostile or runaway message costs no
 * more than an ordinary long one.
 */
export function normalizeErrorMessage(message: string): string {
  return normalizeErrorText(
    message.length > FINGERPRINT_MESSAGE_CHARS ? message.slice(0, FINGERPRINT_MESSAGE_CHARS) : message,
  );
}
