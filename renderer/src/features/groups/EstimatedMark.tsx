// Marks a lag in time that was interpolated from sampled offsets rather than read from the record.
export function EstimatedMark() {
  return (
    <>
      {' '}
      <span
        className="badge badge-quiet"
        data-testid="lag-estimated"
        title="Estimated from sampled log-end offsets: the record at the committed offset was deleted or could not be read."
      >
        est.
      </span>
    </>
  );
}
