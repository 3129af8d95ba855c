// Finding payments by what the customer quotes (their email, customer id, a charge id): a browse scan of the
// source topic over a window with a JSON-path equality filter, and what each matching event says.
import type { PipelineMap } from '../../../../shared/pipelineMap';
import type { RecordView } from '../../../../shared/recordView';
import type { BrowseInput } from '../../api/browse';

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `$.email`, `$.customer.email`, `$["odd key"]`: the JSON path of a field name or dotted path. */
export function fieldPath(field: string): string {
  return `$${field
    .split('.')
    .map((part) => (identifier.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`))
    .join('')}`;
}

export function customerSearchInput(
  map: Pick<PipelineMap, 'sourceTopic'>,
  search: { field: string; value: string; windowMs: number },
  now: number,
): BrowseInput {
  return {
    topic: map.sourceTopic,
    seek: { mode: 'timestamp', timestamp: Math.max(0, now - search.windowMs) },
    filter: { jsonPath: `${fieldPath(search.field)} = ${JSON.stringify(search.value)}` },
    maxResults: 200,
  };
}

export interface PaymentSummary {
  paymentId: string | null;
  /** "12.50 EUR" from integer minor units, or null when the event has no amount. */
  amount: string | null;
  customer: string | null;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** Integer minor units in the currency's own decimals (JPY has none, most have two). */
export function formatMinor(amountMinor: number, currency: string): string {
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
  } catch {
    // An unknown currency code: show two decimals, as most do.
  }
  return `${(amountMinor / 10 ** digits).toFixed(digits)} ${currency}`;
}

/** What a payment event says about the payment (its value is JSON text in the record view). */
export function paymentSummary(record: RecordView): PaymentSummary {
  let event: unknown = null;
  if (record.value.kind === 'json' && record.value.text !== undefined) {
    try {
      event = JSON.parse(record.value.text);
    } catch {
      event = null;
    }
  }
  const paymentId = field(event, 'paymentId') ?? (record.key.kind === 'text' ? record.key.text : undefined);
  const amountMinor = field(event, 'amountMinor');
  const currency = field(event, 'currency');
  const customer = field(event, 'customerId');
  return {
    paymentId: typeof paymentId === 'string' ? paymentId : null,
    amount:
      typeof amountMinor === 'number' && typeof currency === 'string'
        ? formatMinor(amountMinor, currency)
        : null,
    customer: typeof customer === 'string' ? customer : null,
  };
}
