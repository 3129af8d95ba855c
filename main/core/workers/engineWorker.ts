// The engine worker: the jobs the main loop hands off (reading, decoding, classifying, grouping, planning).
import { browseBatchJob } from '../browse/batchJob';
import { dlqGroupsJob, dlqRecordsJob, dlqSampleJob } from '../dlq/dlqJobs';
import { findPaymentJob } from '../payments/findJob';
import { stuckPaymentsJob } from '../payments/stuckJob';
import { planRedeliveryJob } from '../redelivery/planJob';
import { serveJobs } from './workerHost';
import { BROWSE_BATCH_JOB } from './workerProtocol';

serveJobs({
  'payments.stuck': stuckPaymentsJob,
  'payments.find': findPaymentJob,
  'dlq.sample': dlqSampleJob,
  'dlq.groups': dlqGroupsJob,
  'dlq.records': dlqRecordsJob,
  'redelivery.plan': planRedeliveryJob,
  [BROWSE_BATCH_JOB]: browseBatchJob,
});
