// A topic, group or payment id that may wrap only after its own separators (".", "-", "_"), never inside a
// word: "payments.succeeded.<wbr>receipts.<wbr>dlq" rather than "payments.succeeded.receipt / s.dlq".
import { Fragment } from 'react';

export function KafkaName({
  name,
  className = 'mono',
  testId,
}: {
  name: string;
  className?: string;
  testId?: string;
}) {
  const parts = name.split(/(?<=[._-])/);
  return (
    <span className={`kafka-name ${className}`} title={name} data-testid={testId}>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </span>
  );
}
