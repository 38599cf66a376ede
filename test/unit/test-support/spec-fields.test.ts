/**
 * test/support/arbitraries/schema-fields.ts and spec-check.ts: an input spec must describe every
 * field its schema declares (nested objects and array elements included), or the bad-input harness
 * fails, naming the entry point and the field. A field the spec does not list would never be broken.
 */
import fc from 'fast-check';
import * as z from 'zod/mini';
import { ReserveInventoryInputSchema } from '../../../services/inventory/schemas';
import { OrderEventSchema } from '../../../services/notification/schemas';
import { RequestReviewInputSchema } from '../../../services/orders/schemas';
import { CreateShipmentInputSchema } from '../../../services/shipping/schemas';
import {
  createOrderBody,
  type InputSpec,
  malformedCases,
  malformedInput,
  notifyCustomerEvent,
  orderEvent,
  schemaFields,
  specProblems,
  submitReviewBody,
  taskInputs,
} from '../../support/arbitraries';
import { named, spec } from '../../support/arbitraries/spec';
import { assertEveryCase } from '../properties/harness';

const withoutFields = (input: InputSpec, ...paths: string[]): InputSpec => ({
  ...input,
  fields: input.fields.filter((field) => !paths.includes(field.path)),
});

describe('a spec that does not list a field of its schema', () => {
  it('makes the harness fail, naming the entry point and the field', () => {
    const spec = withoutFields(taskInputs.createShipment, 'shippingAddress.line2', 'items.*.quantity');
    const message = [
      'createShipment (Task input): its input spec does not describe the schema',
      "'s fields:\n",
      '  - shippingAddress.line2 is not in its fields\n',
      '  - items.*.quantity is not in its fields\n',
    ].join('');
    expect(() => malformedCases(spec)).toThrow(message);
    expect(() => malformedInput(spec)).toThrow(message);
  });

  it('fails when a fork adds a field to a schema and not to its spec (top level, in array elements)', () => {
    const priority = {
      ...taskInputs.requestReview,
      schema: z.extend(RequestReviewInputSchema, { priority: z.number() }),
    };
    expect(() => malformedCases(priority)).toThrow(
      /^requestReview \(Task input\): .*\n {2}- priority is not in its fields\n/,
    );

    const warehouse = {
      ...taskInputs.reserveInventory,
      schema: z.object({
        orderId: ReserveInventoryInputSchema.shape.orderId,
        items: z.array(z.looseObject({ sku: z.string(), quantity: z.number(), warehouse: z.optional(z.string()) })),
      }),
    };
    expect(specProblems(warehouse)).toEqual(['items.*.warehouse is not in its fields']);
  });

  it('fails for a field of one variant of a discriminated union', () => {
    expect(specProblems(withoutFields(orderEvent, 'total.currency', 'error'))).toEqual([
      'total.currency is not in its fields',
      'error is not in its fields',
    ]);
  });

  it('fails when the spec claims a field is optional, nullable or in fewer variants than the schema says', () => {
    const loose = {
      ...orderEvent,
      fields: orderEvent.fields.map((field) =>
        field.path === 'customerId'
          ? { ...field, optional: true, nullable: true }
          : field.path === 'total'
            ? { ...field, variants: ['OrderCompleted'] }
            : field,
      ),
    };
    expect(specProblems(loose)).toEqual([
      'customerId is listed as optional, but the schema requires it (it would never be left out)',
      'customerId is listed as nullable, but the schema refuses null (null would never be tried)',
      'total is in the ReviewRequested variant(s) too: add them to its variants',
    ]);
  });
});

describe('the unknown keys a spec’s strict objects get', () => {
  it('are never keys its fields name (a fork may declare `coupon` or `isAdmin`)', async () => {
    const schema = z.strictObject({ coupon: z.string().check(z.maxLength(10)), isAdmin: z.optional(z.boolean()) });
    const input = named(
      'a made-up entry point',
      spec(schema, fc.record({ coupon: fc.string({ maxLength: 10 }), isAdmin: fc.boolean() }), {
        fields: [
          { path: 'coupon', type: 'string' },
          { path: 'isAdmin', type: 'boolean', optional: true },
        ],
        strings: [{ path: 'coupon', max: 10 }],
        strictObjects: [''],
      }),
    );
    const unknownKey = malformedCases(input).find((c) => c.label === 'unknown key in the input');
    const fields = fc.sample(unknownKey?.arbitrary ?? fc.constant(undefined), 500).map((broken) => broken?.field);
    expect(fields).not.toContain('coupon');
    expect(fields).not.toContain('isAdmin');
    await assertEveryCase(malformedCases(input), async (value) => {
      expect(schema.safeParse(value).success).toBe(false);
    });
  });
});

describe('the specs of this project', () => {
  const specs: InputSpec[] = [
    ...Object.values(taskInputs),
    createOrderBody,
    submitReviewBody,
    notifyCustomerEvent,
    orderEvent,
  ];

  it.each(specs.map((spec) => [spec.entryPoint, spec] as const))(
    '%s describes every field of its schema',
    (_, spec) => {
      expect(specProblems(spec)).toEqual([]);
    },
  );
});

describe('schemaFields', () => {
  it('lists nested objects and array elements, with optional and nullable as zod/mini declares them', () => {
    const schema = z.object({
      a: z.optional(z.nullable(z.string())),
      b: z.union([z.string(), z.null()]),
      c: z.array(z.nullable(z.object({ d: z._default(z.string(), 'x') }))),
      e: z.pipe(
        z.string(),
        z.transform((text) => text.length),
      ),
      f: z.lazy(() => z.strictObject({ g: z.boolean() })),
      h: z.record(z.string(), z.object({ notNamed: z.string() })),
    });
    expect(schemaFields(schema)).toEqual([
      { path: 'a', optional: true, nullable: true },
      { path: 'b', optional: false, nullable: true },
      { path: 'c', optional: false, nullable: false },
      { path: 'c.*', optional: false, nullable: true },
      { path: 'c.*.d', optional: true, nullable: false },
      { path: 'e', optional: false, nullable: false },
      { path: 'f', optional: false, nullable: false },
      { path: 'f.g', optional: false, nullable: false },
      { path: 'h', optional: false, nullable: false },
    ]);
  });

  it('gives the fields of a discriminated union the variants that have them', () => {
    const fields = new Map(schemaFields(OrderEventSchema).map((field) => [field.path, field.variants]));
    expect(fields.get('orderId')).toEqual(['OrderCompleted', 'OrderCancelled', 'ReviewRequested']);
    expect(fields.get('total.amount')).toEqual(['OrderCompleted', 'ReviewRequested']);
    expect(fields.get('reason')).toEqual(['OrderCancelled']);
  });

  it('reads the schemas the services parse with (here createShipment’s)', () => {
    expect(schemaFields(CreateShipmentInputSchema).map((field) => field.path)).toEqual([
      'orderId',
      'shippingAddress',
      'shippingAddress.name',
      'shippingAddress.line1',
      'shippingAddress.line2',
      'shippingAddress.city',
      'shippingAddress.postalCode',
      'shippingAddress.country',
      'items',
      'items.*',
      'items.*.sku',
      'items.*.quantity',
    ]);
  });
});
