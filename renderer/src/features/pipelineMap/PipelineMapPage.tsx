// The pipeline map the console works with, shown as a table, and an editor that validates as you go and
// names the field of every problem (`stages[2].slaMs: expected a positive number`).
import { useState } from 'react';
import type { MapProblem, PipelineMap } from '../../../../shared/pipelineMap';
import { usePipelineMap, useSaveMap, useValidateMap } from '../../api/pipeline';
import { KafkaName } from '../../components/KafkaName';
import { ErrorPanel, Loading } from '../../components/QueryStates';
import { formatDuration } from '../../format/time';
import { UnmappedGroups } from './UnmappedGroups';

function describeKey(map: PipelineMap): string {
  const key = map.correlationKey;
  if (key.from === 'key') return 'the Kafka record key';
  if (key.from === 'header') return `header "${key.name}"`;
  return `JSON field "${key.field}" of the value`;
}

function Problems({ problems, testId }: { problems: MapProblem[]; testId: string }) {
  return (
    <ul className="problems" role="alert" data-testid={testId}>
      {problems.map((p, i) => (
        <li key={i}>
          {p.path ? <code>{p.path}</code> : <strong>document</strong>}: {p.message}
        </li>
      ))}
    </ul>
  );
}

function MapEditor({ initial, onDone }: { initial: PipelineMap; onDone: () => void }) {
  const [text, setText] = useState(() => JSON.stringify(initial, null, 2));
  const validate = useValidateMap();
  const save = useSaveMap();
  const problems = validate.data && !validate.data.ok ? validate.data.problems : [];
  return (
    <div className="panel" data-testid="map-editor">
      <h2>Edit the map (JSON)</h2>
      <textarea
        className="code-editor"
        spellCheck={false}
        rows={24}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          validate.reset();
        }}
        aria-invalid={problems.length > 0}
        data-testid="map-text"
      />
      {problems.length > 0 ? <Problems problems={problems} testId="map-problems" /> : null}
      {validate.data?.ok ? (
        <p className="hint" role="status" data-testid="map-valid">
          The map is valid.
        </p>
      ) : null}
      {validate.error ? <ErrorPanel error={validate.error} what="validation" /> : null}
      {save.error ? <ErrorPanel error={save.error} what="saving the map" /> : null}
      <div className="form-actions">
        <button
          type="button"
          className="button-quiet"
          onClick={() => validate.mutate({ text })}
          disabled={validate.isPending}
          data-testid="map-validate"
        >
          Validate
        </button>{' '}
        <button
          type="button"
          onClick={() =>
            validate.mutate(
              { text },
              {
                onSuccess: (result) => {
                  if (result.ok) save.mutate({ text }, { onSuccess: onDone });
                },
              },
            )
          }
          disabled={save.isPending || validate.isPending}
          data-testid="map-save"
        >
          {save.isPending ? 'Saving…' : 'Save and apply'}
        </button>{' '}
        <button type="button" className="button-quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function PipelineMapPage() {
  const view = usePipelineMap();
  const [editing, setEditing] = useState(false);
  if (!view.data)
    return view.error ? (
      <ErrorPanel error={view.error} what="the pipeline map" />
    ) : (
      <Loading what="the pipeline map" />
    );
  const { map, source, path, problems } = view.data;
  return (
    <section className="page" aria-labelledby="map-title">
      <div className="page-head">
        <h1 id="map-title">Pipeline map</h1>
        <span className="muted" data-testid="map-source">
          {source === 'file'
            ? `from ${path}`
            : source === 'default'
              ? `the reference pipeline's default${path ? ` (no file at ${path})` : ''}`
              : 'edited in this console (not saved to a file)'}
        </span>
        {!editing ? (
          <button
            type="button"
            className="button-quiet"
            onClick={() => setEditing(true)}
            data-testid="map-edit"
          >
            Edit
          </button>
        ) : null}
      </div>
      {problems && problems.length > 0 ? (
        <div className="state state-error">
          <strong>The map file is invalid; the console keeps the map shown below.</strong>
          <Problems problems={problems} testId="map-file-problems" />
        </div>
      ) : null}
      <dl className="facts">
        <div className="fact">
          <dt>Source topic</dt>
          <dd className="mono" data-testid="map-source-topic">
            {map.sourceTopic}
          </dd>
        </div>
        <div className="fact">
          <dt>Correlation key</dt>
          <dd>{describeKey(map)}</dd>
        </div>
        <div className="fact">
          <dt>Ledger topic</dt>
          <dd className="mono">{map.ledgerTopic}</dd>
        </div>
        <div className="fact">
          <dt>Loop guard</dt>
          <dd>{map.maxRedeliveries} redeliveries</dd>
        </div>
        <div className="fact">
          <dt>Personal fields (masked)</dt>
          <dd className="mono" data-testid="map-personal-fields">
            {map.personalFields.join(', ') || <span className="muted">only emails and card numbers</span>}
          </dd>
        </div>
      </dl>
      <table className="data-table map-table" data-testid="map-stages">
        <thead>
          <tr>
            <th>Stage</th>
            <th>Consumer group</th>
            <th>Retry topics</th>
            <th>DLQ</th>
            <th>Redelivery topic</th>
            <th>Outcome topic</th>
            <th className="num">SLA</th>
            <th>Personal data</th>
          </tr>
        </thead>
        <tbody>
          {map.stages.map((s) => (
            <tr key={s.name} data-testid="map-stage" data-stage={s.name}>
              <td>
                <strong>{s.name}</strong>
              </td>
              <td className="mono small">
                <KafkaName name={s.consumerGroup} />
              </td>
              <td className="mono small">
                {s.retryTopics.map((t) => (
                  <div key={t}>
                    <KafkaName name={t} />
                  </div>
                ))}
              </td>
              <td className="mono small">
                <KafkaName name={s.dlqTopic} />
              </td>
              <td className="mono small">
                <KafkaName name={s.redeliveryTopic} />
              </td>
              <td className="mono small">
                {s.outcomeTopic ? (
                  <KafkaName name={s.outcomeTopic} />
                ) : (
                  <span className="muted">none (committed offset proves completion)</span>
                )}
              </td>
              <td className="num">{formatDuration(s.slaMs)}</td>
              <td className="small">
                {s.personalDataFields.join(', ') || <span className="muted">none</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <UnmappedGroups />
      {editing ? <MapEditor initial={map} onDone={() => setEditing(false)} /> : null}
    </section>
  );
}
