/** What the console server tells the page at /config.json (console/config.ts builds it). */
import type { Prices } from '../../cost/model';

export interface SampleOrder {
  /** A name for the form (the project names it: offline.config.ts `console().samples`). */
  name: string;
  description: string;
  /** The request body it places (the first POST route of the HTTP API). */
  body: unknown;
}

export interface RecordTable {
  service: string;
  reportAs: string;
  record: string;
  /** The physical table name. */
  table: string;
  /** One item with `pk = <keyPrefix><orderId>`, or every item of partition `pk = <orderId>` (`list`). */
  keyPrefix?: string;
  list: boolean;
  /** A record whose boolean `field` is true is named `label` instead of by its status (app.ts). */
  placeholder?: { field: string; label: string };
}

export interface ConsoleConfig {
  stateMachineArn: string;
  region: string;
  /** Whether the HTTP API and its token issuer run (the actions that go through it). */
  api: boolean;
  /** The default customer and reviewer (`sub` of their tokens). */
  customer: string;
  reviewer: string;
  prices: Prices;
  lambdaMemoryMb: number;
  /** The orders service's table (one item per order, `pk` = the order id). */
  ordersTable?: string;
  tables: RecordTable[];
  samples: SampleOrder[];
  /** What the project's state machine's executions are about (offline.config.ts `console().subject`). */
  subject?: { noun: string; idField?: string };
}
