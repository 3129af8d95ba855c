// Consumer groups that read the source topic but are no stage of the map, each offered as the stage it would
// become (conventional retry, DLQ and redelivery topics) with a button that adds it to the map and saves it.
import type { UnmappedGroup } from '../../../../shared/pipelineMap';
import { useAddStages, useUnmappedGroups } from '../../api/pipeline';
import { KafkaName } from '../../components/KafkaName';
import { ErrorPanel } from '../../components/QueryStates';

/** A topic name that wraps only at its separators, marked when the topic does not exist yet. */
function TopicName({ topic, exists }: { topic: string; exists: boolean }) {
  return (
    <span className="unmapped-topic" data-exists={exists}>
      <KafkaName name={topic} />
      {exists ? null : <span className="badge badge-quiet">not created yet</span>}
    </span>
  );
}

function conventionalTopics(group: UnmappedGroup): string[] {
  const { retryTopics, dlqTopic, redeliveryTopic } = group.suggestion;
  return [...retryTopics, dlqTopic, redeliveryTopic];
}

export function UnmappedGroups() {
  const unmapped = useUnmappedGroups();
  const add = useAddStages();
  if (!unmapped.data) {
    return unmapped.error ? (
      <ErrorPanel error={unmapped.error} what="consumer groups the map does not know" />
    ) : null;
  }
  const { sourceTopic, groups } = unmapped.data;
  if (groups.length === 0) return null;
  const adding = add.isPending ? (add.variables?.groupIds ?? []) : [];
  const addGroups = (groupIds: string[]) => add.mutate({ groupIds });

  return (
    <section className="panel unmapped-groups" aria-labelledby="unmapped-title" data-testid="unmapped-groups">
      <div className="page-head">
        <h2 id="unmapped-title">
          Consumer groups reading <span className="mono">{sourceTopic}</span> that the map does not know
        </h2>
        {groups.length > 1 ? (
          <button
            type="button"
            className="button-quiet"
            onClick={() => addGroups(groups.map((g) => g.groupId))}
            disabled={add.isPending}
            data-testid="unmapped-add-all"
          >
            Add all ({groups.length})
          </button>
        ) : null}
      </div>
      <p className="muted">
        Each would become a stage with the conventional retry, DLQ and redelivery topics. Adding saves the
        map, as an edit does.
      </p>
      {add.error ? <ErrorPanel error={add.error} what="adding to the map" /> : null}
      <table className="data-table unmapped-table" data-testid="unmapped-table">
        <thead>
          <tr>
            <th>Consumer group</th>
            <th>State</th>
            <th className="num">Members</th>
            <th>Stage</th>
            <th>DLQ</th>
            <th>Redelivery topic</th>
            <th>Topics that exist</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => {
            const exists = new Set(g.existingTopics);
            const topics = conventionalTopics(g);
            const present = topics.filter((t) => exists.has(t));
            return (
              <tr key={g.groupId} data-testid="unmapped-group-row" data-group-id={g.groupId}>
                <td>
                  <KafkaName name={g.groupId} testId="unmapped-group-id" />
                </td>
                <td>
                  <span className="badge">{g.state}</span>
                </td>
                <td className="num">{g.members}</td>
                <td>
                  <KafkaName name={g.suggestion.name} className="strong" testId="unmapped-stage" />
                </td>
                <td data-testid="unmapped-dlq">
                  <TopicName topic={g.suggestion.dlqTopic} exists={exists.has(g.suggestion.dlqTopic)} />
                </td>
                <td data-testid="unmapped-redelivery">
                  <TopicName
                    topic={g.suggestion.redeliveryTopic}
                    exists={exists.has(g.suggestion.redeliveryTopic)}
                  />
                </td>
                <td
                  className="small"
                  title={present.length > 0 ? present.join('\n') : undefined}
                  data-testid="unmapped-existing"
                >
                  {present.length === 0 ? (
                    <span className="muted">none yet</span>
                  ) : (
                    `${present.length} of ${topics.length}`
                  )}
                </td>
                <td className="actions-cell">
                  <button
                    type="button"
                    onClick={() => addGroups([g.groupId])}
                    disabled={add.isPending}
                    data-testid="unmapped-add"
                    data-group-id={g.groupId}
                  >
                    {adding.includes(g.groupId) ? 'Adding…' : 'Add to map'}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
