// The console's own settings: per stage of the pipeline map, when a notification fires for its dead letters
// (more than N waiting) and for its oldest stuck payment (older than M minutes). Kept in main, in the data
// folder when there is one; a read-only profile may change them (they are not cluster writes).
import { useState } from 'react';
import type { SettingsView, StageSettings } from '../../../../shared/settings';
import { setStageThresholdsInput } from '../../../../shared/settings';
import { useResetStageThresholds, useSetStageThresholds, useSettings } from '../../api/settings';
import { ErrorPanel, Loading } from '../../components/QueryStates';
import './settings.css';

/** What the person typed, as text until it is saved (so "" or "1.5" can be shown with its problem). */
interface Draft {
  deadLetters: string;
  stuckSlaMinutes: string;
}

const draftOf = (s: StageSettings): Draft => ({
  deadLetters: String(s.deadLetters),
  stuckSlaMinutes: String(s.stuckSlaMinutes),
});

/** The draft as the channel's input, or the first problem per field (the same schema main applies). */
export function parseDraft(stage: string, draft: Draft) {
  const toNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  return setStageThresholdsInput.safeParse({
    stage,
    deadLetters: toNumber(draft.deadLetters),
    stuckSlaMinutes: toNumber(draft.stuckSlaMinutes),
  });
}

function StageRow({ stage }: { stage: StageSettings }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(stage));
  const save = useSetStageThresholds();
  const reset = useResetStageThresholds();
  const parsed = parseDraft(stage.stage, draft);
  const problem = (field: keyof Draft) =>
    parsed.success ? null : (parsed.error.issues.find((i) => i.path[0] === field)?.message ?? null);
  const changed =
    draft.deadLetters !== String(stage.deadLetters) ||
    draft.stuckSlaMinutes !== String(stage.stuckSlaMinutes);
  const busy = save.isPending || reset.isPending;
  const failure = save.error ?? reset.error;

  return (
    <tr data-testid="settings-stage" data-stage={stage.stage}>
      <th scope="row">{stage.stage}</th>
      <td>
        <label className="threshold">
          <span className="sr-only">Dead letters for {stage.stage}</span>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={draft.deadLetters}
            aria-invalid={problem('deadLetters') !== null}
            onChange={(e) => setDraft({ ...draft, deadLetters: e.target.value })}
            data-testid="threshold-dead-letters"
          />
          <span className="muted">dead letters</span>
        </label>
        {problem('deadLetters') ? <div className="field-problem">{problem('deadLetters')}</div> : null}
      </td>
      <td>
        <label className="threshold">
          <span className="sr-only">Stuck-payment SLA for {stage.stage}</span>
          <input
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={draft.stuckSlaMinutes}
            aria-invalid={problem('stuckSlaMinutes') !== null}
            onChange={(e) => setDraft({ ...draft, stuckSlaMinutes: e.target.value })}
            data-testid="threshold-stuck-sla"
          />
          <span className="muted">min</span>
        </label>
        {problem('stuckSlaMinutes') ? (
          <div className="field-problem">{problem('stuckSlaMinutes')}</div>
        ) : null}
      </td>
      <td className="settings-state" data-testid="settings-state">
        {stage.isDefault ? <span className="muted">default</span> : <span>set</span>}
      </td>
      <td className="settings-actions">
        <button
          type="button"
          disabled={!changed || !parsed.success || busy}
          onClick={() => parsed.success && save.mutate(parsed.data, { onSuccess: () => undefined })}
          data-testid="settings-save"
        >
          Save
        </button>
        <button
          type="button"
          className="button-quiet"
          disabled={stage.isDefault || busy}
          onClick={() => reset.mutate({ stage: stage.stage })}
          data-testid="settings-reset"
        >
          Use defaults
        </button>
        {failure ? (
          <div className="field-problem" role="alert">
            {failure.message}
          </div>
        ) : null}
      </td>
    </tr>
  );
}

function StorageNote({ view }: { view: SettingsView }) {
  return (
    <p className="muted small" data-testid="settings-storage">
      {view.storage.kind === 'file'
        ? `Kept in ${view.storage.file}, on this computer only.`
        : 'Kept in memory: this console has no data folder, so the settings are lost when it stops.'}
    </p>
  );
}

export function SettingsPage() {
  const settings = useSettings();
  const view = settings.data;
  return (
    <section className="page settings" aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <p className="lead">
        When to notify you, per stage: its dead letters not yet redelivered grow past a number, or its oldest
        stuck payment (late, retrying or dead-lettered) is older than a number of minutes. A stage turning
        STALL, STOP or ERR always notifies. Each fires once per incident.
      </p>
      {!view && settings.error ? <ErrorPanel error={settings.error} what="the settings" /> : null}
      {!view && !settings.error ? <Loading what="the settings" /> : null}
      {view ? (
        <>
          {view.problem ? (
            <p className="field-problem" role="alert" data-testid="settings-problem">
              {view.problem}
            </p>
          ) : null}
          <table className="data-table settings-table" data-testid="settings-table">
            <thead>
              <tr>
                <th scope="col">Stage</th>
                <th scope="col">Notify when dead letters exceed</th>
                <th scope="col">Notify when the oldest stuck payment is older than</th>
                <th scope="col">Now</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {view.stages.map((stage) => (
                // A saved change remounts the row, so its fields show what main kept.
                <StageRow
                  key={`${stage.stage}:${stage.deadLetters}:${stage.stuckSlaMinutes}:${stage.isDefault}`}
                  stage={stage}
                />
              ))}
            </tbody>
          </table>
          <p className="muted small">
            Defaults: more than {view.defaults.deadLetters} dead letters, older than{' '}
            {view.defaults.stuckSlaMinutes} min.
          </p>
          <StorageNote view={view} />
        </>
      ) : null}
    </section>
  );
}
