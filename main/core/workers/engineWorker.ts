// The engine worker: the jobs the main loop hands off (reading, decoding and classifying records).
import { stuckPaymentsJob } from '../payments/stuckJob';
import { serveJobs } from './workerHost';

serveJobs({ 'payments.stuck': stuckPaymentsJob });
