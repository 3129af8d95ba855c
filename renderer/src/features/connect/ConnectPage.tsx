// Where support staff say which cluster to watch. Mistakes are explained next to the field.
import { ErrorPanel } from '../../components/QueryStates';
import { ProfileEditor } from '../access/ProfileEditor';
import { SavedProfiles } from '../access/SavedProfiles';
import { useConnectForm } from './useConnectForm';

export function ConnectPage({
  initialValue,
  firstTime,
  onConnected,
}: {
  initialValue: string;
  firstTime: boolean;
  onConnected: () => void;
}) {
  const form = useConnectForm(initialValue, onConnected);
  const problemId = 'bootstrap-problem';
  return (
    <section className="page page-narrow" aria-labelledby="connect-title">
      <h1 id="connect-title">Connect to a cluster</h1>
      <p className="lead">
        {firstTime
          ? 'Eventdesk is not watching a Kafka cluster yet. Enter the bootstrap servers of the cluster to watch.'
          : 'Switch Eventdesk to another Kafka cluster. What is on screen now belongs to the current one.'}
      </p>
      <form className="connect-form" onSubmit={form.onSubmit} noValidate data-testid="connect-form">
        <label htmlFor="bootstrap">Bootstrap servers</label>
        <input
          id="bootstrap"
          name="bootstrap"
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder="localhost:9092"
          value={form.value}
          onChange={(event) => form.onChange(event.target.value)}
          onBlur={form.onBlur}
          aria-invalid={form.problem ? true : undefined}
          aria-describedby={form.problem ? `${problemId} bootstrap-hint` : 'bootstrap-hint'}
          data-testid="bootstrap-input"
        />
        <p id="bootstrap-hint" className="hint">
          One or more <code>host:port</code> pairs, separated by commas.
        </p>
        {form.problem ? (
          <p id={problemId} className="field-problem" role="alert" data-testid="bootstrap-problem">
            {form.problem}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" disabled={form.pending} data-testid="connect-submit">
            {form.pending ? 'Connecting…' : 'Connect'}
          </button>
        </div>
      </form>
      {form.otherError ? <ErrorPanel error={form.otherError} what="connect" /> : null}
      <SavedProfiles onConnected={onConnected} />
      <ProfileEditor onConnected={onConnected} />
    </section>
  );
}
