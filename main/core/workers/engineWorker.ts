// The engine worker: the jobs the main loop hands off (reading, decoding and classifying records).
import { browseBatchJob } from '../browse/batchJob';
import { stuckPaymentsJob } from '../payments/stuckJob';
import { serveJobs } from './workerHost';
import { BROWSE_BATCH_JOB } from './workerProtocol';

serveJobs({ 'payments.stuck': stuckPaymentsJob, [BROWSE_BATCH_JOB]: browseBatchJob });
