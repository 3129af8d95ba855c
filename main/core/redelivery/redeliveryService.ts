// Redelivery jobs of this console: plan (dry run), start, status, cancel, resume. Job definitions are
// written to the ledger, so a job started by a console that crashed can be resumed here or elsewhere.
import { randomUUID } from 'node:crypto';
import type { PipelineMap } from '../../../shared/pipelineMap';
import {
  coordinatesKey,
  type DlqCoordinates,
  type RedeliveryJobStatus,
  type RedeliveryPlan,
  type RedeliverySelection,
  type StageEvidence,
} from '../../../shared/redelivery';
import type { DlqLedgerMark } from '../../../shared/dlq';
import type { LedgerJobDefinition } from './ledger';
import type { RecordPort } from '../kafka/recordPort';
import { AppFailure, invalidInput, notFound, refused } from '../appFailure';
import { brokerRefusal, refusalMessage } from '../brokerRefusal';
import { readStageEvidence, type EvidenceOptions } from './gate';
import { RedeliveryJob, type JobFaults } from './job';
import { LedgerView } from './ledger';
import { planRedelivery, type HealthOptions, type Planner, type PlanRequest } from './plan';

export interface RedeliveryServiceDeps {
  records: RecordPort;
  map: () => PipelineMap;
  /** The person at the console (OS user, or the name they signed in with). */
  who: () => string;
  now: () => number;
  leaseMs?: number;
  batchSize?: number;
  health?: Partial<HealthOptions>;
  /** The gate's window and sample size (tests shorten the window). */
  gate?: Omit<EvidenceOptions, 'signal'>;
  confirm?: { intervalMs?: number; timeoutMs?: number };
  faults?: JobFaults;
  /** Where plans are made (the engine worker); in-line on this loop when absent. */
  planner?: Planner;
  /** Hears every job's progress (live updates to pages). */
  onProgress?: (status: RedeliveryJobStatus) => void;
}

export interface StartRequest {
  dlqTopic: string;
  selection: RedeliverySelection;
  why: string;
  ratePerSecond: number;
  confirmTopic?: string;
  overrideHealth: boolean;
  overrideReason?: string;
  pauseAfterFailures?: number;
}

interface RunningJob {
  job: RedeliveryJob;
  done: Promise<void>;
}

export class RedeliveryService {
  private readonly jobs = new Map<string, RunningJob>();
  /** Instances of jobs that crashed or were cancelled here: their claims are dead, no need to wait for leases. */
  private readonly deadInstances = new Set<string>();
  private ledgerView: LedgerView | undefined;

  constructor(private readonly deps: RedeliveryServiceDeps) {}

  ledger(): LedgerView {
    const topic = this.deps.map().ledgerTopic;
    if (!this.ledgerView || this.ledgerView.topic !== topic)
      this.ledgerView = new LedgerView(this.deps.records, topic);
    return this.ledgerView;
  }

  private planDeps() {
    return {
      records: this.deps.records,
      map: this.deps.map(),
      ledger: this.ledger(),
      ...(this.deps.health ? { health: this.deps.health } : {}),
    };
  }

  private makePlan(
    dlqTopic: string,
    selection: RedeliverySelection,
    options: Pick<PlanRequest, 'checkHealth' | 'detailed' | 'signal'>,
  ) {
    const { planner } = this.deps;
    if (planner)
      return planner({
        dlqTopic,
        selection,
        ledger: this.ledger(),
        map: this.deps.map(),
        ...(this.deps.health ? { health: this.deps.health } : {}),
        ...options,
      });
    const { signal, checkHealth } = options;
    return planRedelivery({ ...this.planDeps(), ...(signal ? { signal } : {}) }, dlqTopic, selection, {
      ...(checkHealth === undefined ? {} : { checkHealth }),
    });
  }

  /** A dry run; `signal` stops its reads when the caller leaves. */
  async plan(
    dlqTopic: string,
    selection: RedeliverySelection,
    signal?: AbortSignal,
  ): Promise<RedeliveryPlan> {
    return (await this.makePlan(dlqTopic, selection, { detailed: false, ...(signal ? { signal } : {}) }))
      .plan;
  }

  /** The gate's evidence for one DLQ's stage: is it still failing right now? */
  async gate(dlqTopic: string, signal?: AbortSignal): Promise<StageEvidence> {
    return readStageEvidence(this.deps.records, this.deps.map(), dlqTopic, this.deps.now(), {
      ...this.deps.gate,
      ...(signal ? { signal } : {}),
    });
  }

  async start(request: StartRequest): Promise<RedeliveryJobStatus> {
    const definition: LedgerJobDefinition = {
      type: 'job',
      jobId: randomUUID(),
      who: this.deps.who(),
      at: this.deps.now(),
      why: request.why,
      dlqTopic: request.dlqTopic,
      selection: request.selection,
      ratePerSecond: request.ratePerSecond,
      ...(request.confirmTopic ? { confirmTopic: request.confirmTopic } : {}),
      ...(request.overrideHealth ? { overrideHealth: true } : {}),
      ...(request.pauseAfterFailures !== undefined ? { pauseAfterFailures: request.pauseAfterFailures } : {}),
    };
    return this.launch(definition, true, request.overrideReason?.trim());
  }

  async resume(jobId: string): Promise<RedeliveryJobStatus> {
    const running = this.jobs.get(jobId);
    if (running?.job.paused) {
      await running.job.resume(this.deps.who());
      return { ...running.job.status };
    }
    if (running && (running.job.status.state === 'running' || running.job.status.state === 'confirming')) {
      throw refused(`Redelivery refused: job ${jobId} is still running in this console`);
    }
    if (running) this.deadInstances.add(running.job.instanceId);
    const ledger = this.ledger();
    await ledger.catchUp();
    const definition = running?.job.definition ?? ledger.job(jobId);
    if (!definition)
      throw notFound(`no redelivery job ${jobId} in this console or in the ledger ${ledger.topic}`);
    return this.launch(definition, false);
  }

  /**
   * Runs a write to the ledger before a job exists; when the broker refuses it, the refusal is audited (in
   * this console: the ledger said no) and the person gets `refused` / `not-authorized` naming the topic.
   */
  private async ledgerWrite(definition: LedgerJobDefinition, action: string, write: () => Promise<void>) {
    try {
      await write();
    } catch (error) {
      const refusal = brokerRefusal(error);
      if (!refusal) throw error;
      const needs = action.startsWith('create')
        ? 'CREATE on that topic or the cluster'
        : 'WRITE on that topic';
      const message = `${refusalMessage(refusal, { action, needs, principal: definition.who })} Nothing was redelivered.`;
      await this.ledger().recordRefusal({
        type: 'refusal',
        refusalId: randomUUID(),
        who: definition.who,
        at: this.deps.now(),
        jobId: definition.jobId,
        action,
        brokerError: refusal,
        message,
      });
      throw new AppFailure('refused', message, { reason: 'not-authorized' });
    }
  }

  private async launch(
    definition: LedgerJobDefinition,
    isNew: boolean,
    overrideReason?: string,
  ): Promise<RedeliveryJobStatus> {
    const map = this.deps.map();
    const ledgerTopic = this.ledger().topic;
    await this.ledgerWrite(definition, `create \`${ledgerTopic}\``, () => this.ledger().ensure());
    const detailed = await this.makePlan(definition.dlqTopic, definition.selection, {
      checkHealth: true,
      detailed: true,
    });
    // The gate: the stage's own recent evidence. A resumed job was let through (or overridden) when it started.
    const evidence = isNew && detailed.plan.toMove > 0 ? await this.gate(definition.dlqTopic) : null;
    if (evidence?.problem) {
      detailed.plan.refusals.push(evidence.problem);
      for (const t of detailed.plan.targets) if (t.health) t.health = { ...t.health, ok: false };
    }
    const overridable = new Set([
      ...detailed.plan.targets.flatMap((t) => (t.health?.problem ? [t.health.problem] : [])),
      ...(evidence?.problem ? [evidence.problem] : []),
    ]);
    if (detailed.foreignTarget !== null) {
      if (definition.confirmTopic !== detailed.foreignTarget) {
        throw refused(
          `Redelivery refused: "${definition.dlqTopic}" is not a DLQ of the pipeline map, so its records would go back to their original topic "${detailed.foreignTarget}", where every consumer of that topic sees them again. Type the topic name to confirm.`,
          'confirmation-required',
        );
      }
    }
    const blocking = detailed.plan.refusals.filter((r) => !(definition.overrideHealth && overridable.has(r)));
    if (blocking.length > 0) {
      const unhealthy = overridable.size > 0;
      throw refused(
        `Redelivery refused: ${blocking.join('; ')}${unhealthy ? ' (start with the override to redeliver anyway)' : ''}`,
        unhealthy ? 'stage-unhealthy' : undefined,
      );
    }
    const overridden = definition.overrideHealth ? [...overridable] : [];
    if (isNew && overridden.length > 0 && (overrideReason?.length ?? 0) < 3)
      throw invalidInput(
        `Say why you redeliver despite the gate (at least 3 characters): it goes into the audit log. The gate says: ${overridden.join('; ')}`,
      );
    const healthOverride = overridden.length > 0 ? overridden.join('; ') : undefined;
    if (isNew) {
      await this.ledgerWrite(definition, `write to \`${ledgerTopic}\``, () =>
        this.ledger().write([
          definition,
          ...(healthOverride && overrideReason
            ? [
                {
                  type: 'gate' as const,
                  event: 'override' as const,
                  eventId: randomUUID(),
                  jobId: definition.jobId,
                  who: definition.who,
                  at: this.deps.now(),
                  dlqTopic: definition.dlqTopic,
                  reason: overrideReason,
                  evidence: healthOverride,
                },
              ]
            : []),
        ]),
      );
    }
    const job = new RedeliveryJob(
      {
        records: this.deps.records,
        map,
        ledger: this.ledger(),
        who: definition.who,
        now: this.deps.now,
        deadInstances: this.deadInstances,
        ...(this.deps.leaseMs !== undefined ? { leaseMs: this.deps.leaseMs } : {}),
        ...(this.deps.batchSize !== undefined ? { batchSize: this.deps.batchSize } : {}),
        ...(this.deps.confirm ? { confirm: this.deps.confirm } : {}),
        ...(this.deps.faults ? { faults: this.deps.faults } : {}),
        ...(this.deps.onProgress ? { onProgress: this.deps.onProgress } : {}),
        ...(healthOverride ? { healthOverride } : {}),
      },
      definition,
      detailed,
    );
    const done = job
      .run()
      .catch(() => undefined)
      .finally(() => {
        if (job.status.state !== 'done') this.deadInstances.add(job.instanceId);
      });
    this.jobs.set(definition.jobId, { job, done });
    return { ...job.status };
  }

  async status(jobId: string): Promise<RedeliveryJobStatus> {
    const running = this.jobs.get(jobId);
    if (running) return { ...running.job.status };
    const ledger = this.ledger();
    await ledger.catchUp();
    const def = ledger.job(jobId);
    if (!def) throw notFound(`no redelivery job ${jobId}`);
    return this.summaryFromLedger(def);
  }

  /** Jobs of this console, then jobs other consoles recorded in the ledger, newest first. */
  async list(): Promise<RedeliveryJobStatus[]> {
    const ledger = this.ledger();
    await ledger.catchUp();
    const out = [...this.jobs.values()].map((j) => ({ ...j.job.status }));
    for (const def of ledger.allJobs()) if (!this.jobs.has(def.jobId)) out.push(this.summaryFromLedger(def));
    return out.sort((a, b) => b.startedAt - a.startedAt);
  }

  private summaryFromLedger(def: LedgerJobDefinition): RedeliveryJobStatus {
    const results = this.ledger()
      .allRedeliveries()
      .filter((r) => r.jobId === def.jobId);
    return {
      jobId: def.jobId,
      state: 'unknown',
      who: def.who,
      why: def.why,
      dlqTopic: def.dlqTopic,
      ratePerSecond: def.ratePerSecond,
      toMove: results.length,
      moved: results.length,
      skipped: 0,
      recovered: results.filter((r) => r.recovered).length,
      refused: 0,
      confirmed: results.filter((r) => r.result === 'confirmed').length,
      // Another console's job: the ledger has its results, not what the stage did with the rest.
      failedAgain: 0,
      waiting: results.filter((r) => r.result !== 'confirmed').length,
      unconfirmable: 0,
      failures: [],
      startedAt: def.at,
    };
  }

  async cancel(jobId: string): Promise<RedeliveryJobStatus> {
    const running = this.jobs.get(jobId);
    if (!running) throw notFound(`job ${jobId} is not running in this console`);
    running.job.cancel();
    await running.done;
    return { ...running.job.status };
  }

  /** Resolves when the job's run (moving and confirming) ends; for tests and benchmarks. */
  async wait(jobId: string): Promise<RedeliveryJobStatus> {
    const running = this.jobs.get(jobId);
    if (!running) throw notFound(`job ${jobId} is not running in this console`);
    await running.done;
    return { ...running.job.status };
  }

  /** What the ledger recorded for each dead letter of one DLQ, by coordinatesKey; reading never creates the ledger topic. */
  async ledgerMarks(dlqTopic: string): Promise<Map<string, DlqLedgerMark>> {
    const out = new Map<string, DlqLedgerMark>();
    const ledger = this.ledger();
    if ((await this.deps.records.watermarks(ledger.topic)).length === 0) return out;
    await ledger.catchUp();
    for (const done of ledger.allRedeliveries()) {
      if (done.dlq.topic !== dlqTopic) continue;
      out.set(coordinatesKey(done.dlq), {
        result: done.result,
        at: done.at,
        who: done.who,
        jobId: done.jobId,
        targetTopic: done.targetTopic,
      });
    }
    return out;
  }

  /** Every dead letter the ledger records as redelivered (any console); reading never creates the ledger topic. */
  async redeliveredDeadLetters(): Promise<DlqCoordinates[]> {
    const ledger = this.ledger();
    if ((await this.deps.records.watermarks(ledger.topic)).length === 0) return [];
    await ledger.catchUp();
    return ledger.allRedeliveries().map((r) => r.dlq);
  }

  /** Cancels every running job (console shutdown): each stops after its current batch. */
  async stopAll(): Promise<void> {
    for (const j of this.jobs.values()) j.job.cancel();
    await Promise.all([...this.jobs.values()].map((j) => j.done));
  }
}
