// Writes the person may not make, said before the click: a read-only profile, or the broker's own
// permissions (KIP-430) on the topic the write goes to. Main and the broker still refuse whatever is clicked.
import { redeliverRefusal, worklistRefusal } from '../../../../shared/permissions';
import { usePermissions } from '../../api/access';
import { useClusterStatus } from '../../api/cluster';
import { usePipelineMap } from '../../api/pipeline';

function useReadOnlyBlock(): string | null {
  const access = useClusterStatus().data?.access;
  return access?.readOnly ? `the profile "${access.profile}" is read-only` : null;
}

/** Why Redeliver is off for this DLQ (it writes the stage's redelivery topic and the ledger), or null. */
export function useRedeliverBlock(dlqTopic: string | null): string | null {
  const readOnly = useReadOnlyBlock();
  const permissions = usePermissions().data;
  const stage = usePipelineMap().data?.map.stages.find((s) => s.dlqTopic === dlqTopic);
  return readOnly ?? redeliverRefusal(permissions, stage?.redeliveryTopic ?? null);
}

/** Why worklist changes are off (they are records in the worklist topic), or null. */
export function useWorklistBlock(): string | null {
  const readOnly = useReadOnlyBlock();
  const permissions = usePermissions().data;
  return readOnly ?? worklistRefusal(permissions);
}

/** "you may not write to `t` (…)" with the topic set as code. */
function Sentence({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

/** One line above the buttons it disables, so the reason is on screen, not only in a tooltip. */
export function WriteBlockedNote({ what, reason }: { what: string; reason: string | null }) {
  if (!reason) return null;
  return (
    <p className="write-blocked" role="note" data-testid="write-blocked">
      {what} is off: <Sentence text={reason} />
    </p>
  );
}
