// The engine worker: the jobs the main loop hands off (reading, decoding, classifying, grouping, planning).
import { BROWSE_SCAN_JOB, browseScanJob } from '../browse/scanLoop';
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
  [BROWSE_SCAN_JOB]: browseScanJob,
});
