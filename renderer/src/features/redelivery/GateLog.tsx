// The gate's decisions from the ledger, on the Audit page: who overrode the gate and why (with what the gate
// said), which job paused itself and on what evidence, who resumed it.
import type { GateAuditEntry } from '../../../../shared/audit';
import { formatDateTime } from '../../format/time';

const eventWords: Record<GateAuditEntry['event'], string> = {
  override: 'Gate overridden',
  pause: 'Job paused itself',
  resume: 'Job resumed',
};

export function GateLog({ events }: { events: GateAuditEntry[] }) {
  return (
    <section data-testid="gate-log">
      <h3>Redelivery gate: overrides and pauses</h3>
      {events.length === 0 ? (
        <p className="muted">No gate overrides or self-pauses match.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Why</th>
              <th>The gate said</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.eventId} data-testid="gate-event" data-event={e.event}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td className="nowrap">{e.who}</td>
                <td className="nowrap">{eventWords[e.event]}</td>
                <td className="cell-wrap">{e.reason}</td>
                <td className="cell-wrap muted">{e.evidence}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
