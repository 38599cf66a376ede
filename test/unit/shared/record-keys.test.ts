/**
 * An order record's key is written once: `orderRecord.keyPrefix` in its service's declaration
 * (services/<name>/service.ts, the source). The service's adapter, the offline runtime and the
 * order invariant all build the key with `orderRecordPartitionKey` (services/shared/declaration.ts)
 * from that declaration. Checked here: no other file of services/ spells a declared prefix, and each
 * service's adapter writes and reads its record under the declared key.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadServices } from '../../../tools/offline/services';
import { reservationKey } from '../../../services/inventory/adapters/dynamodb-stock-ledger';
import { notificationKey } from '../../../services/notification/adapters/dynamodb-notification-log';
import { paymentKey } from '../../../services/payment/adapters/dynamodb-payment-ledger';
import { orderRecordPartitionKey } from '../../../services/shared/declaration';
import { shipmentKey } from '../../../services/shipping/adapters/dynamodb-shipment-ledger';

const root = resolve(__dirname, '../../..');
const ORDER = `ord_${'7'.repeat(32)}`;

/** Every .ts file under `dir`, as paths from the project root. */
function sources(dir: string): string[] {
  return readdirSync(resolve(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

it('spells each declared key prefix only in its declaration (services/<name>/service.ts)', async () => {
  const prefixed = (await loadServices(root)).flatMap((service) =>
    service.orderRecord?.keyPrefix === undefined
      ? []
      : [{ prefix: service.orderRecord.keyPrefix, declaration: `services/${service.name}/service.ts` }],
  );
  expect(prefixed.length).toBeGreaterThanOrEqual(3);
  const copies = sources('services').flatMap((file) => {
    const text = readFileSync(resolve(root, file), 'utf8');
    return prefixed
      .filter(({ prefix, declaration }) => file !== declaration && text.includes(prefix))
      .map(({ prefix, declaration }) => `${file} spells ${prefix}: build the key from ${declaration}`);
  });
  expect(copies).toEqual([]);
});

it('keys every order record where its declaration says (the adapters of this project)', async () => {
  const declared = new Map((await loadServices(root)).map((service) => [service.name, service.orderRecord]));
  const keyOf = (service: string): string => {
    const record = declared.get(service);
    if (!record) throw new Error(`services/${service}/service.ts declares no orderRecord`);
    return orderRecordPartitionKey(record, ORDER);
  };
  expect(reservationKey(ORDER).pk).toBe(keyOf('inventory'));
  expect(paymentKey(ORDER).pk).toBe(keyOf('payment'));
  expect(shipmentKey(ORDER).pk).toBe(keyOf('shipping'));
  expect(notificationKey({ orderId: ORDER, type: 'OrderCompleted' }).pk).toBe(keyOf('notification'));
  // The prefixes themselves are contracts of the stored data: changing one orphans every stored record.
  expect([keyOf('inventory'), keyOf('payment'), keyOf('shipping'), keyOf('notification')]).toEqual([
    `RESERVATION#${ORDER}`,
    `PAYMENT#${ORDER}`,
    `SHIPMENT#${ORDER}`,
    ORDER,
  ]);
});
