import { FakeCarrier } from '../../../services/shipping/adapters/fake-carrier';
import type {
  BookingOutcome,
  CreateOutcome,
  ShipmentLedger,
  ShipmentRequest,
  ShippingPorts,
  TransitionOutcome,
} from '../../../services/shipping/domain/shipment';
import type { Shipment, ShipmentStatus } from '../../../services/shipping/schemas';

type Hook = (ledger: InMemoryShipmentLedger) => void;

/** In-memory ShipmentLedger with the same conditional semantics as the DynamoDB adapter. */
export class InMemoryShipmentLedger implements ShipmentLedger {
  readonly records = new Map<string, Shipment>();
  writes = 0;
  private hooks: Hook[] = [];

  /** Runs `hook` right before the next write: a test uses it to let a "concurrent call" win the race. */
  beforeNextWrite(hook: Hook): void {
    this.hooks.push(hook);
  }

  put(shipment: Shipment): void {
    this.records.set(shipment.orderId, structuredClone(shipment));
  }

  async find(orderId: string): Promise<Shipment | undefined> {
    const shipment = this.records.get(orderId);
    return shipment ? structuredClone(shipment) : undefined;
  }

  async create(shipment: Shipment): Promise<CreateOutcome> {
    this.runHook();
    const existing = this.records.get(shipment.orderId);
    if (existing) return { kind: 'exists', shipment: structuredClone(existing) };
    this.writes += 1;
    this.put(shipment);
    return { kind: 'created' };
  }

  async transition(orderId: string, from: ShipmentStatus, to: ShipmentStatus, now: string): Promise<TransitionOutcome> {
    this.runHook();
    const existing = this.records.get(orderId);
    if (existing?.status !== from) return { kind: 'changed', shipment: existing && structuredClone(existing) };
    const updated: Shipment = { ...existing, status: to, updatedAt: now };
    this.writes += 1;
    this.put(updated);
    return { kind: 'updated', shipment: structuredClone(updated) };
  }

  private runHook(): void {
    this.hooks.shift()?.(this);
  }
}

export type CarrierCall = { op: 'book'; request: ShipmentRequest } | { op: 'cancel'; trackingNumber: string };

/** The real fake carrier, recording every call so tests can count side effects. */
export class RecordingCarrier extends FakeCarrier {
  readonly calls: CarrierCall[] = [];

  override book(request: ShipmentRequest): Promise<BookingOutcome> {
    this.calls.push({ op: 'book', request });
    return super.book(request);
  }

  override cancel(trackingNumber: string): Promise<void> {
    this.calls.push({ op: 'cancel', trackingNumber });
    return super.cancel(trackingNumber);
  }

  ops(): string[] {
    return this.calls.map((call) => call.op);
  }
}

export function fakePorts(): ShippingPorts & { ledger: InMemoryShipmentLedger; carrier: RecordingCarrier } {
  return { ledger: new InMemoryShipmentLedger(), carrier: new RecordingCarrier() };
}
