// Work a module does in the background of the app's process: the cold chain's judgments, the
// outbox's deliveries, the readings a crash cut off. Each job runs at most every `everyMs`,
// never twice at once in one process; every job is safe to run in several processes at once
// (each claims its work with a lease or a conditional update) and after a crash.
export interface Job {
  name: string;
  everyMs: number;
  run(now: Date): Promise<unknown>;
}

const jobs = new Map<string, Job & { last: number; running: boolean }>();

export function defineJob(job: Job): Job {
  jobs.set(job.name, { ...job, last: 0, running: false });
  return job;
}

/** Runs the jobs whose time has come; a failure is logged and the job runs again next time. */
export async function runDueJobs(now = new Date()) {
  await Promise.all(
    [...jobs.values()].map(async (job) => {
      if (job.running || now.getTime() - job.last < job.everyMs) return;
      job.running = true;
      job.last = now.getTime();
      try {
        await job.run(now);
      } catch (error) {
        console.error(`[job ${job.name}] failed:`, (error as Error).message);
      } finally {
        job.running = false;
      }
    }),
  );
}

/** Every job once, now, in the order they were defined (tests, db:check, the demo seed). */
export async function runAllJobs(now = new Date()) {
  for (const job of jobs.values()) await job.run(now);
}
