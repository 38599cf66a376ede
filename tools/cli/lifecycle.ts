/**
 * How `npm start` (start.ts) ends: on the first SIGINT or SIGTERM, when its parent process is gone,
 * or when a part of the system dies on its own; each time the endpoints file and the console key go
 * first, then the system stops within a deadline.
 */
import { removeConsoleKey } from 'offline-aws/console/guard';
import { removeEndpointsFile } from 'offline-aws/endpoints/file';
import { progress } from './output';

const STOP_DEADLINE_MS = 10_000;
const PARENT_CHECK_MS = 1000;

/** What the lifecycle stops: the runtime and what runs next to it. */
export interface Stoppable {
  stop(): Promise<void>;
}

/**
 * Stops on the first SIGINT or SIGTERM, or when the parent process is gone; later signals (a
 * terminal's Ctrl-C reaches npm, its shell and this process alike, and npm forwards it again) only
 * say that the stop is under way. Before the runtime exists there is nothing to stop gracefully:
 * the process exits at once, and DynamoDB Local goes with it (its exit hook).
 */
export class Lifecycle {
  private runtime: Stoppable | undefined;
  private stopping: Promise<number> | undefined;
  readonly stopped: Promise<number>;

  private resolveStopped: (code: number) => void = () => undefined;

  constructor(private readonly directory: string) {
    this.stopped = new Promise((resolve) => (this.resolveStopped = resolve));
    const onSignal = (reason: string) => {
      if (this.stopping) {
        progress(`${reason}: already stopping…`);
        return;
      }
      progress(`\n${reason}: stopping the system…`);
      if (!this.runtime) process.exit(0);
      this.stopping = this.stop(this.runtime);
      void this.stopping.then(this.resolveStopped);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // The system never outlives what launched it: a SIGTERM sent to npm reaches its shell, which
    // ends without passing it on (dash), and this process is re-parented. Checked every second.
    const parent = process.ppid;
    const watchdog = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(watchdog);
      onSignal(`parent process ${parent} is gone`);
    }, PARENT_CHECK_MS).unref();
    // However this process ends, its file goes (a crash must not leave a "running" system behind).
    process.on('exit', () => {
      removeEndpointsFile(directory, process.pid);
      removeConsoleKey(directory);
    });
  }

  /**
   * A part of the system died on its own (DynamoDB Local killed): said in one line, then the whole
   * system stops and exits 1, rather than answering 500 to every call (docs/commands.md).
   */
  partDied(reason: string): void {
    if (this.stopping || !this.runtime) return;
    progress(`${reason}: stopping the system (exit 1); start it again with npm start`);
    this.stopping = this.stop(this.runtime).then(() => 1);
    void this.stopping.then(this.resolveStopped);
  }

  get stopRequested(): boolean {
    return this.stopping !== undefined;
  }

  started(runtime: Stoppable): void {
    this.runtime = runtime;
  }

  /** The file first (nobody should find a stopping system), then the runtime, within the deadline. */
  private async stop(runtime: Stoppable): Promise<number> {
    removeEndpointsFile(this.directory, process.pid);
    removeConsoleKey(this.directory);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), STOP_DEADLINE_MS);
    });
    try {
      if ((await Promise.race([runtime.stop().then(() => 'done' as const), deadline])) === 'late') {
        progress(`the system did not stop within ${STOP_DEADLINE_MS / 1000} s: forcing it`);
        return 1;
      }
      progress('stopped.');
      return 0;
    } catch (error) {
      progress(`stopping failed: ${String((error as Error).stack ?? error)}`);
      return 1;
    } finally {
      clearTimeout(timer);
    }
  }
}
