// The Cluster page: the cluster at a glance: identity, controller, brokers, and how much is on it.
import { useOverview } from '../../api/cluster';
import { Empty, ErrorPanel, Loading, StaleNote } from '../../components/QueryStates';
import { overviewFacts, sortBrokers } from './overviewFacts';

export function OverviewPage() {
  const overview = useOverview();
  return (
    <section className="page" aria-labelledby="overview-title">
      <h1 id="overview-title">Cluster</h1>
      {overview.data && overview.error ? (
        <StaleNote updatedAt={overview.dataUpdatedAt} error={overview.error} />
      ) : null}
      {!overview.data && overview.error ? (
        <ErrorPanel error={overview.error} what="cluster overview" />
      ) : null}
      {!overview.data && !overview.error ? <Loading what="the cluster overview" /> : null}
      {overview.data ? (
        <div className={overview.error ? 'is-stale' : undefined}>
          <dl className="facts" data-testid="overview-facts">
            {overviewFacts(overview.data).map((fact) => (
              <div className="fact" key={fact.label}>
                <dt>{fact.label}</dt>
                <dd data-testid={fact.testId}>{fact.value}</dd>
              </div>
            ))}
          </dl>
          <h2>Brokers</h2>
          {overview.data.brokers.length === 0 ? (
            <Empty>The cluster reported no brokers.</Empty>
          ) : (
            <table className="data-table" data-testid="brokers-table">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Node
                  </th>
                  <th scope="col">Host</th>
                  <th scope="col" className="num">
                    Port
                  </th>
                  <th scope="col">Role</th>
                </tr>
              </thead>
              <tbody>
                {sortBrokers(overview.data.brokers).map((broker) => (
                  <tr key={broker.nodeId}>
                    <td className="num">{broker.nodeId}</td>
                    <td className="mono">{broker.host}</td>
                    <td className="num">{broker.port}</td>
                    <td>
                      {broker.nodeId === overview.data.controllerId ? (
                        <span className="badge">controller</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}
    </section>
  );
}
