// A production profile's redelivery (start or resume) needs the cluster's name typed: this field asks, main
// checks it again (access/productionConfirmation.ts) whatever the renderer sends.
import { useClusterStatus } from '../../api/cluster';

/** The name to type when the connection's profile is production, else null (nothing to confirm). */
export function useProductionName(): string | null {
  const access = useClusterStatus().data?.access;
  return access?.environment === 'production' ? access.profile : null;
}

/** Why the typed name does not confirm, or null when it does. */
export function productionNameProblem(name: string | null, typed: string): string | null {
  if (name === null || typed.trim() === name) return null;
  return `Type "${name}" to confirm: this is a production cluster.`;
}

export function ProductionConfirmField({
  name,
  value,
  onChange,
  problem,
  testId = 'confirm-cluster',
}: {
  name: string;
  value: string;
  onChange: (typed: string) => void;
  problem?: string | null;
  testId?: string;
}) {
  return (
    <label className="form-field confirm-warning">
      <span>
        <strong>Production.</strong> Type the cluster’s name <span className="mono">{name}</span> to confirm.
      </span>
      <input
        type="text"
        className="mono"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(problem)}
        data-testid={testId}
      />
      {problem ? <small className="field-problem">{problem}</small> : null}
    </label>
  );
}
