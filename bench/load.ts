/** run.ts's side of the load generator: forks load-client.ts and sends it one job at a time. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { BurstMeasure, BurstPost, HttpMeasure, LoadJob, LoadReply } from './load-protocol';

export class LoadClient {
  private constructor(private readonly child: ChildProcess) {}

  /** tsx passes its loader to the child through process.execArgv, which fork reuses. */
  static start(): LoadClient {
    return new LoadClient(fork(path.join(__dirname, 'load-client.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  private ask(job: LoadJob): Promise<LoadReply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited (${code}) during a ${job.kind} job`));
      this.child.once('exit', onExit);
      this.child.once('message', (message: LoadReply) => {
        this.child.off('exit', onExit);
        resolve(message);
      });
      this.child.send(job);
    });
  }

  async http(url: string, options: { connections: number; durationSeconds: number; warmupSeconds: number; paths?: readonly string[] }): Promise<HttpMeasure> {
    const reply = await this.ask({ kind: 'http', url, ...options });
    if (reply.kind !== 'http') throw new Error(reply.kind === 'error' ? reply.message : `unexpected ${reply.kind} reply`);
    return reply.result;
  }

  async burst(origin: string, posts: readonly BurstPost[]): Promise<BurstMeasure> {
    const reply = await this.ask({ kind: 'burst', origin, posts });
    if (reply.kind !== 'burst') throw new Error(reply.kind === 'error' ? reply.message : `unexpected ${reply.kind} reply`);
    return reply.result;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ kind: 'exit' } satisfies LoadJob);
    else this.child.kill();
    // A generator stuck in a job must not keep the bench alive.
    const timer = setTimeout(() => this.child.kill(), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
