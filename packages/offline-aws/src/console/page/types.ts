/** What the console server tells the page at /config.json (local/console/config.ts builds it). */
import type { Prices } from '../../cost/model';

export interface SampleOrder {
  /** The scenario file's name under events/workflow/, without `.json`. */
  name: string;
  description: string;
  /** Its POST /orders body. */
  order: unknown;
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
}
