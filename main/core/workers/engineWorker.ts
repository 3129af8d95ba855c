// The engine worker: the jobs the main loop hands off (reading, decoding, classifying, grouping, planning).
import { dlqGroupsJob, dlqRecordsJob, dlqSampleJob } from '../dlq/dlqJobs';
import { findPaymentJob } from '../payments/findJob';
import { stuckPaymentsJob } from '../payments/stuckJob';
import { planRedeliveryJob } from '../redelivery/planJob';
import { serveJobs } from './workerHost';

serveJobs({
  'payments.stuck': stuckPaymentsJob,
  'payments.find': findPaymentJob,
  'dlq.sample': dlqSampleJob,
  'dlq.groups': dlqGroupsJob,
  'dlq.records': dlqRecordsJob,
  'redelivery.plan': planRedeliveryJob,
});
