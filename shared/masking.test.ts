import { describe, expect, it } from 'vitest';
import { findPersonalSpans, maskBinary, maskFieldValue, maskPatterns, maskText } from './masking';
import { maskJsonFields, parseFieldRule } from './maskingJson';
import { maskingPolicyFor, maskRecordView } from './maskingRecord';
import { defaultPipelineMap, parsePipelineMap } from './pipelineMap';
import { toHex, viewRecord } from './recordView';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('pattern masking', () => {
  it('masks emails keeping the first letter and the domain', () => {
    expect(maskText('mail jane.doe+x@example.co.uk now.')).toBe('mail j•••@example.co.uk now.');
    expect(maskText('<a@b.io>, b@c.de')).toBe('<a•••@b.io>, b•••@c.de');
  });

  it('leaves what is not an address', () => {
    for (const s of ['a@b', '@example.com', 'x@y.c1', 'user@localhost', 'no at sign here'])
      expect(maskText(s)).toBe(s);
  });

  it('masks Luhn-valid card numbers to the last four, grouped or not', () => {
    expect(maskText('card 4242424242424242 ok')).toBe('card •••• 4242 ok');
    expect(maskText('card 4242 4242 4242 4242')).toBe('card •••• 4242');
    expect(maskText('amex 3782-822463-10005.')).toBe('amex •••• 0005.');
    expect(maskText('"5555555555554444"')).toBe('"•••• 4444"');
    expect(maskText('CardDeclined4111111111111111x')).toBe('CardDeclined•••• 1111x');
  });

  it('leaves numbers that are no card: Luhn-invalid, ids, timestamps, too long', () => {
    for (const s of [
      '4242424242424241',
      'ts 1764643200000',
      'ce 42424242-4242-4242-4242-424242424242',
      'pay-4242424242424242',
      '42424242424242424242424',
      'v1.4242424242424242',
      'ord_4242424242424242',
    ])
      expect(maskText(s)).toBe(s);
  });

  it('masks binary bytes in place, so the hex keeps its length', () => {
    const raw = new Uint8Array([0, 1, ...utf8('jo@ex.com'), 0xff, ...utf8('4242424242424242')]);
    const { bytes, count } = maskBinary(raw);
    expect(count).toBe(2);
    expect(bytes.length).toBe(raw.length);
    expect(new TextDecoder('latin1').decode(bytes)).toContain('j*@ex.com');
    expect(new TextDecoder('latin1').decode(bytes)).toContain('************4242');
  });

  it('masks a personal field value by its shape', () => {
    expect(maskFieldValue('jane@example.com')).toBe('j•••@example.com');
    expect(maskFieldValue('+44 7700 900123')).toBe('•••23');
    expect(maskFieldValue('Jane Doe')).toBe('J••• D•••');
    expect(maskFieldValue('"quoted\\"')).toBe('•••');
  });
});

describe('JSON field masking', () => {
  const rules = ['email', 'customer.phone', 'customerId'].map(parseFieldRule);

  it('masks named fields at any depth, dotted paths only under their parent', () => {
    const text = JSON.stringify({
      customerId: 'cust_7',
      phone: '+15550001111',
      customer: { phone: '+15550002222', email: 'x@y.io', tags: ['vip'] },
      amountMinor: 1200,
    });
    const { text: out, count } = maskJsonFields(text, rules);
    const parsed = JSON.parse(out) as Record<string, unknown>;
    expect(count).toBe(3);
    expect(parsed).toEqual({
      customerId: 'c•••',
      phone: '+15550001111',
      customer: { phone: '•••22', email: 'x•••@y.io', tags: ['vip'] },
      amountMinor: 1200,
    });
  });

  it('masks every leaf under a personal object or array, and numbers as strings', () => {
    const out = maskJsonFields('{"email":["a@b.io",{"x":12345}],"n":1}', rules).text;
    expect(JSON.parse(out)).toEqual({ email: ['a•••@b.io', { x: '•••45' }], n: 1 });
  });

  it('matches keys whatever their case, and leaves JSON without a personal key as it is', () => {
    expect(maskJsonFields('{"EMAIL":"x@y.io","CustomerID":"c1"}', rules).count).toBe(2);
    const other = '{"emails_sent":3,"customer":{"tier":"gold"}}';
    expect(maskJsonFields(other, rules)).toEqual({ text: other, count: 0 });
  });

  it('works on JSON cut in the middle', () => {
    const out = maskJsonFields('{"a":1,"customerId":"cust_12345","email":"bob@exa', rules).text;
    expect(out).toBe('{"a":1,"customerId":"•••45","email":"b•••"');
  });
});

describe('record views', () => {
  const policy = maskingPolicyFor(defaultPipelineMap());
  const record = {
    topic: 't',
    partition: 0,
    offset: '5',
    timestamp: 1,
    key: utf8('pay-1'),
    value: utf8(
      JSON.stringify({
        paymentId: 'pay-1',
        email: 'jane@example.com',
        phone: '+15551234567',
        note: '4242424242424242',
      }),
    ),
    headers: [
      { key: 'kafka_dlt-exception-message', value: utf8('SMTP refused jane@example.com') },
      { key: 'email', value: utf8('jane') },
      { key: 'blob', value: new Uint8Array([0, ...utf8('jane@example.com')]) },
    ],
  };

  it('masks value, headers and hex; counts what it masked; leaves the rest', () => {
    const view = maskRecordView(viewRecord(record), policy);
    const all = JSON.stringify(view);
    expect(all).not.toContain('jane@example.com');
    expect(all).not.toContain(toHex(utf8('jane@example.com')));
    expect(all).not.toContain('1234567');
    expect(all).not.toContain('4242424242424242');
    expect(view.value.masked).toBe(true);
    expect(JSON.parse(view.value.text!)).toMatchObject({ paymentId: 'pay-1', email: 'j•••@example.com' });
    expect(view.headers.map((h) => h.text)).toEqual([
      'SMTP refused j•••@example.com',
      'j•••',
      toHex(new Uint8Array([0, ...utf8('j***@example.com')])),
    ]);
    expect(view.maskedValues).toBe(6);
    expect(view.key).toEqual(viewRecord(record).key);
  });

  it('says so when nothing is personal, and does not scan a masked view again', () => {
    const plain = viewRecord({ ...record, value: utf8('{"a":1}'), headers: [] });
    expect(maskRecordView(plain, policy)).toEqual({ ...plain, maskedValues: 0 });
    const masked = maskRecordView(viewRecord(record), policy);
    expect(maskRecordView(masked, policy)).toBe(masked);
  });

  it('the map names its personal fields; an empty list keeps only the patterns', () => {
    const base = defaultPipelineMap();
    const parsed = parsePipelineMap({ ...base, personalFields: [] });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const stagesWithout = {
      ...parsed.map,
      stages: parsed.map.stages.map((s) => ({ ...s, personalDataFields: [] })),
    };
    const view = maskRecordView(viewRecord(record), maskingPolicyFor(stagesWithout));
    expect(JSON.parse(view.value.text!)).toMatchObject({ email: 'j•••@example.com', phone: '+15551234567' });
    const bad = parsePipelineMap({ ...base, personalFields: ['customer..email'] });
    expect(bad).toMatchObject({ ok: false, problems: [{ path: 'personalFields[0]' }] });
  });
});

describe('hostile input runs in linear time', () => {
  const hostile: [string, string][] = [
    ['at signs', '@'.repeat(1 << 20)],
    ['local parts', 'a.'.repeat(1 << 19) + '@'],
    ['address runs', 'a@b.'.repeat(1 << 18)],
    ['digit runs', '4 '.repeat(1 << 19)],
    ['long digits', '4'.repeat(1 << 20)],
    ['dashed digits', '4-'.repeat(1 << 19)],
    ['domains', 'x@' + 'a-'.repeat(1 << 19)],
    ['mixed', 'ab@c.d 4242 4242 4242 4242 '.repeat(1 << 15)],
  ];

  it.each(hostile)('1 MB of %s within 5 s', (_name, text) => {
    const started = performance.now();
    maskPatterns(text);
    findPersonalSpans(text);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('1 MB of hostile JSON nesting and keys', () => {
    const rules = ['a.b.c', 'email'].map(parseFieldRule);
    for (const text of [
      '['.repeat(1 << 20),
      '{"a":'.repeat(1 << 18),
      '['.repeat(1 << 19) + '{"email":1,'.repeat(1 << 15),
      '"\\'.repeat(1 << 19),
      '{"email":"' + 'x'.repeat(1 << 20),
    ]) {
      const started = performance.now();
      maskJsonFields(text, rules);
      expect(performance.now() - started).toBeLessThan(5000);
    }
  });
});

describe('values cut at a size limit', () => {
  it('masks an address or card number that runs into the cut, all of the card', () => {
    expect(maskPatterns('mail jane.roe@exam', { cut: true }).text).toBe('mail j•••@exam');
    expect(maskPatterns('card 4111 1111 11', { cut: true }).text).toBe('card ••••');
    expect(maskPatterns('offset 12345', { cut: true }).text).toBe('offset 12345');
    expect(maskPatterns('id pay-4111111111', { cut: true }).text).toBe('id pay-4111111111');
    // Not cut: a partial address is no address.
    expect(maskPatterns('mail jane.roe@exam').text).toBe('mail jane.roe@exam');
  });

  it('in a record view whose value was cut at the list limit', () => {
    const value = utf8(`${'x'.repeat(40)} 4111111111111111 jane.roe@example.com`);
    for (const limit of [50, 60, 70]) {
      const view = maskRecordView(
        viewRecord(
          { topic: 't', partition: 0, offset: '0', timestamp: 0, key: null, value, headers: [] },
          limit,
        ),
        maskingPolicyFor(defaultPipelineMap()),
      );
      expect(view.value.truncated).toBe(true);
      expect(view.value.text).not.toMatch(/411111|jane\.r/);
    }
    const binary = new Uint8Array([0, ...utf8('card 41111111111')]);
    expect(new TextDecoder('latin1').decode(maskBinary(binary, { cut: true }).bytes)).toBe(
      '\0card ***********',
    );
  });
});
