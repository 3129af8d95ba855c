// A small, strict JSON-path equality filter for browsing: `$.customerId = "c-42"`, `$.items[0].sku = 7`,
// `$["odd key"].x = true`. Parsed once; a syntax error names the position and what was expected.

export type PathStep = { kind: 'field'; name: string } | { kind: 'index'; index: number };

export type JsonScalar = string | number | boolean | null;

export interface JsonPathEquality {
  path: PathStep[];
  expected: JsonScalar;
  /** The filter as written, for display. */
  source: string;
}

export type JsonPathParse = { ok: true; filter: JsonPathEquality } | { ok: false; error: string };

class Cursor {
  i = 0;
  constructor(readonly text: string) {}
  peek(): string {
    return this.text[this.i] ?? '';
  }
  skipSpaces(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
  }
  fail(expected: string): never {
    const found = this.i >= this.text.length ? 'the end' : `"${this.text.slice(this.i, this.i + 12)}"`;
    throw new SyntaxError(`at position ${this.i + 1}: expected ${expected}, found ${found}`);
  }
}

function readQuoted(c: Cursor): string {
  const start = c.i;
  if (c.peek() !== '"') c.fail('a double-quoted string');
  c.i++;
  while (c.i < c.text.length) {
    const ch = c.text[c.i]!;
    if (ch === '\\') c.i += 2;
    else if (ch === '"') {
      c.i++;
      try {
        return JSON.parse(c.text.slice(start, c.i)) as string;
      } catch {
        c.i = start;
        c.fail('a valid JSON string (check the escapes)');
      }
    } else c.i++;
  }
  c.i = start;
  return c.fail('a closing double quote');
}

function readLiteral(c: Cursor): JsonScalar {
  if (c.peek() === '"') return readQuoted(c);
  const rest = c.text.slice(c.i);
  const word = /^(true|false|null)\b/.exec(rest);
  if (word) {
    c.i += word[1]!.length;
    return word[1] === 'null' ? null : word[1] === 'true';
  }
  const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(rest);
  if (num) {
    c.i += num[0].length;
    return Number(num[0]);
  }
  return c.fail('a value: a "string", a number, true, false or null');
}

export function parseJsonPathEquality(text: string): JsonPathParse {
  // The explicit type lets TypeScript narrow after c.fail(), which never returns.
  const c: Cursor = new Cursor(text);
  try {
    c.skipSpaces();
    if (c.peek() !== '$') c.fail('"$" (the path starts at the root, e.g. $.customerId)');
    c.i++;
    const path: PathStep[] = [];
    for (;;) {
      const ch = c.peek();
      if (ch === '.') {
        c.i++;
        const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(c.text.slice(c.i));
        if (!m) c.fail('a field name after "."');
        path.push({ kind: 'field', name: m[0] });
        c.i += m[0].length;
      } else if (ch === '[') {
        c.i++;
        c.skipSpaces();
        if (c.peek() === '"') path.push({ kind: 'field', name: readQuoted(c) });
        else {
          const m = /^\d+/.exec(c.text.slice(c.i));
          if (!m) c.fail('an array index or a quoted field name inside [ ]');
          path.push({ kind: 'index', index: Number(m[0]) });
          c.i += m[0].length;
        }
        c.skipSpaces();
        if (c.peek() !== ']') c.fail('"]"');
        c.i++;
      } else break;
    }
    if (path.length === 0) c.fail('a field after "$", e.g. $.customerId');
    c.skipSpaces();
    if (c.peek() !== '=') c.fail('"=" followed by a value');
    c.i++;
    if (c.peek() === '=') c.i++; // `==` reads naturally too
    c.skipSpaces();
    const expected = readLiteral(c);
    c.skipSpaces();
    if (c.i < c.text.length) c.fail('the end of the filter');
    return { ok: true, filter: { path, expected, source: text.trim() } };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** True when the value at the path exists and equals the expected scalar (strict, no coercion). */
export function matchesJsonPath(document: unknown, filter: JsonPathEquality): boolean {
  let node: unknown = document;
  for (const step of filter.path) {
    if (step.kind === 'field') {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return false;
      if (!Object.prototype.hasOwnProperty.call(node, step.name)) return false;
      node = (node as Record<string, unknown>)[step.name];
    } else {
      if (!Array.isArray(node) || step.index >= node.length) return false;
      node = node[step.index];
    }
  }
  return node === filter.expected;
}
