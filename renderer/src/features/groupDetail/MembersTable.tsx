// A group's members: who they are and what they own. On the consumer protocol (KIP-848) also each member's
// epoch and, while the group reconciles, the assignment the broker is moving it to.
import type { GroupDetail } from '../../../../shared/groups';
import { assignmentLabel } from '../groups/groupRows';

export function MembersTable({ group }: { group: GroupDetail }) {
  const consumerProtocol = group.groupProtocol === 'consumer';
  return (
    <section className="topic-section" data-testid="members-section">
      <h2>
        Members
        <span className="section-meta">
          {group.memberDetails.length} {group.memberDetails.length === 1 ? 'member' : 'members'}
        </span>
      </h2>
      <table className="data-table" data-testid="members-table">
        <thead>
          <tr>
            <th scope="col">Member id</th>
            <th scope="col">Client id</th>
            <th scope="col">Host</th>
            {consumerProtocol ? (
              <th scope="col" className="num">
                Epoch
              </th>
            ) : null}
            <th scope="col">Assignment</th>
            {consumerProtocol ? <th scope="col">Target assignment</th> : null}
          </tr>
        </thead>
        <tbody>
          {group.memberDetails.map((m) => (
            <tr key={m.memberId} data-testid="member-row" data-member={m.memberId}>
              <td className="mono">{m.memberId}</td>
              <td className="mono" data-col="client-id">
                {m.clientId}
              </td>
              <td className="mono" data-col="host">
                {m.host}
              </td>
              {consumerProtocol ? (
                <td className="num" data-col="member-epoch">
                  {m.memberEpoch ?? '—'}
                </td>
              ) : null}
              <td className="mono" data-col="assignment">
                {assignmentLabel(m.assignment)}
              </td>
              {consumerProtocol ? (
                <td className="mono" data-col="target-assignment">
                  {assignmentLabel(m.targetAssignment)}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
