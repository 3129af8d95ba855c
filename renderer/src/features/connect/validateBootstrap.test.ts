import { describe, expect, it } from 'vitest';
import { bootstrapInputProblem } from './validateBootstrap';

describe('bootstrap input', () => {
  it('accepts host:port lists', () => {
    expect(bootstrapInputProblem('localhost:9092')).toBeNull();
    expect(bootstrapInputProblem(' a:1, b.example.com:9093 ')).toBeNull();
  });

  it('explains what is wrong, in the words the form shows', () => {
    expect(bootstrapInputProblem('foo')).toBe(
      'Invalid bootstrap server: "foo" has no port; write host:port, e.g. localhost:9092',
    );
    expect(bootstrapInputProblem('')).toBe('Enter at least one bootstrap server, e.g. localhost:9092');
    expect(bootstrapInputProblem('a:1,,b:2')).toMatch(/empty entry/);
    expect(bootstrapInputProblem('kafka:99999')).toMatch(/outside 1-65535/);
  });
});
