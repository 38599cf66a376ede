/**
 * The Map Runs of every execution the runner ran, and their child executions, for the API to read
 * (API_DescribeMapRun.html, API_ListMapRuns.html, API_ListExecutions.html `mapRunArn`, and
 * DescribeExecution / GetExecutionHistory of a child execution).
 */
import type { MapRunChildExecution, MapRunRecord } from './distributed/map-run-record';

export class MapRuns {
  private readonly runs = new Map<string, MapRunRecord>();

  /**
   * Keeps a Map Run as it starts. A redriven Map Run (the same ARN) keeps the child executions that
   * had succeeded: they are not run again (redrive-map-run.html).
   */
  add(record: MapRunRecord): void {
    const earlier = this.runs.get(record.mapRunArn);
    if (earlier) {
      record.startDate = earlier.startDate;
      record.redriveDate = new Date();
      record.children.unshift(...earlier.children.filter((child) => child.status === 'SUCCEEDED'));
    }
    this.runs.set(record.mapRunArn, record);
  }

  get(mapRunArn: string): MapRunRecord | undefined {
    return this.runs.get(mapRunArn);
  }

  /** The Map Runs an execution started, in the order they started. */
  ofExecution(executionArn: string): MapRunRecord[] {
    return [...this.runs.values()].filter((run) => run.executionArn === executionArn);
  }

  /** A child execution by its ARN (`…:execution:<machine>/<label>:<name>`). */
  child(executionArn: string): MapRunChildExecution | undefined {
    if (!executionArn.includes('/')) return undefined;
    for (const run of this.runs.values()) {
      const found = run.children.find((child) => child.executionArn === executionArn);
      if (found) return found;
    }
    return undefined;
  }
}
