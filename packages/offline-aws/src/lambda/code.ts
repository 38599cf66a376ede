/**
 * The code a pool's functions run: every function's bundle, built (or found up to date) when the
 * first environment needs it (bundle.ts), and replaced function by function when the project
 * watcher rebuilds some (src/watch/). As when a Lambda function's code is updated, new
 * environments start on the new bundle; an environment on the old one finishes what it runs and
 * is then retired (pool.ts asks `runsCurrent`).
 */
import type { ServerlessConfig } from '../serverless/config';
import { bundleFunctions, type FunctionBundle } from './bundle';
import type { ExecutionEnvironment } from './execution-environment';

export class FunctionCode {
  private bundles?: Promise<Record<string, FunctionBundle>>;
  /** The bundles once built: what `runsCurrent` compares with. */
  private built?: Record<string, FunctionBundle>;
  /** The bundle each environment was started on. */
  private readonly started = new WeakMap<ExecutionEnvironment, FunctionBundle>();

  constructor(
    private readonly config: ServerlessConfig,
    private readonly cacheDir?: string,
  ) {}

  /**
   * A function's current bundle, building every function's first if none is built yet.
   * @throws Error when the build fails (the next call tries again) or the function has no bundle.
   */
  async bundle(functionName: string): Promise<FunctionBundle> {
    this.bundles ??= bundleFunctions(this.config, this.cacheDir).then(
      (bundles) => (this.built = bundles),
      (error: unknown) => {
        this.bundles = undefined; // a fixed source builds on the next attempt
        throw error;
      },
    );
    const bundle = (await this.bundles)[functionName];
    if (!bundle) throw new Error(`No bundle for function "${functionName}"`);
    return bundle;
  }

  /**
   * The functions whose current bundles were built from any of these files (absolute paths).
   * None before the first build: that build reads the files as they are then.
   */
  async users(files: readonly string[]): Promise<string[]> {
    const bundles = await this.bundles?.catch(() => undefined);
    if (!bundles) return [];
    const changed = new Set(files);
    return Object.entries(bundles)
      .filter(([, bundle]) => bundle.inputs.some((input) => changed.has(input)))
      .map(([name]) => name);
  }

  /** New bundles for some functions: environments started from now on run them. */
  async replace(next: Record<string, FunctionBundle>): Promise<void> {
    const built = await this.bundles?.catch(() => undefined);
    if (!built) return; // nothing built yet: the first build reads the sources as they are then
    const bundles = { ...built, ...next };
    this.built = bundles;
    this.bundles = Promise.resolve(bundles);
  }

  /** Records the bundle an environment runs. */
  startedOn(environment: ExecutionEnvironment, bundle: FunctionBundle): void {
    this.started.set(environment, bundle);
  }

  /** Whether an environment runs its function's current bundle (one on an older bundle retires). */
  runsCurrent(environment: ExecutionEnvironment): boolean {
    const bundle = this.started.get(environment);
    const current = this.built?.[environment.functionName];
    return bundle === undefined || current === undefined || current.file === bundle.file;
  }
}
