// Helpers shared by the payment API's tests: a valid request body and a small JSON HTTP client.
import { randomUUID } from 'node:crypto';
import type { CreatePaymentRequest } from './schema';

export function paymentBody(overrides: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest {
  return {
    customerId: 'cus_test',
    amountMinor: 1999,
    currency: 'EUR',
    email: 'ada@example.com',
    cardNumber: '4242424242424242',
    ...overrides,
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function postPayment(apiUrl: string, body: unknown, key: string | null = randomUUID()): Promise<JsonResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers['idempotency-key'] = key;
  const res = await fetch(`${apiUrl}/payments`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function getJson(url: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url);
  return { status: res.status, json: await res.json() };
}
