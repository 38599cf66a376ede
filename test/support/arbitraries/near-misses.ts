/** Values just off the documented formats: each is refused by construction, not by asking the schema. */
import fc from 'fast-check';
import { MAX_SKU_LENGTH } from '../../../services/shared/schemas';
import { FORMATS, orderIdArb, paymentTokenArb, skuArb } from './formats';

/** Order ids that are almost right, or not at all. */
export const malformedOrderIdArb: fc.Arbitrary<string> = fc
  .oneof(
    orderIdArb.map((id) => id.toUpperCase()),
    orderIdArb.map((id) => id.slice(0, -1)),
    orderIdArb.map((id) => `${id}0`),
    orderIdArb.map((id) => id.replace('ord_', 'ORD-')),
    orderIdArb.map((id) => id.slice(4)),
    fc
      .tuple(orderIdArb, fc.nat(), fc.constantFrom(' ', '\u0000', '\n', '/', '%2F', '-', 'é', '😀', '\u200b', 'A'))
      .map(([id, at, extra]) => {
        const k = 4 + (at % 32);
        return `${id.slice(0, k)}${extra}${id.slice(k + 1)}`;
      }),
    fc.integer({ min: 33, max: 5000 }).map((n) => `ord_${'a'.repeat(n)}`),
    fc.string({ maxLength: 60 }),
    fc.constantFrom(
      '',
      ' ',
      'ord_',
      'null',
      'undefined',
      '../../etc/passwd',
      "ord_' OR '1'='1",
      `ord_${'a'.repeat(31)}`,
    ),
  )
  .filter((id) => !FORMATS.orderId.test(id));

/** SKUs off the pattern. */
export const malformedSkuArb = fc
  .oneof(
    skuArb.map((sku) => sku.toLowerCase()),
    skuArb.map((sku) => sku.slice(4)),
    skuArb.map((sku) => `${sku}-`),
    skuArb.map((sku) => sku.replace('-', '_')),
    skuArb.map((sku) => ` ${sku}`),
    fc.integer({ min: 33, max: 3000 }).map((n) => `SKU-${'A'.repeat(n)}`),
    fc.constantFrom('', 'SKU-', 'SKU--A', 'keyboard', 'SKU-ÄÖÜ'),
  )
  .filter((sku) => !FORMATS.sku.test(sku));

/** SKUs on the pattern (which repeats dash-separated segments without bound) but too long. */
export const tooLongSkuArb = fc
  .integer({ min: 21, max: 1500 })
  .map((n) => `SKU-${'A1-'.repeat(n)}B`)
  .filter((sku) => FORMATS.sku.test(sku) && sku.length > MAX_SKU_LENGTH);

export const malformedTokenArb = fc
  .oneof(
    paymentTokenArb.map((token) => token.slice(4)),
    paymentTokenArb.map((token) => token.replace('tok_', 'TOK_')),
    fc.integer({ min: 65, max: 2000 }).map((n) => `tok_${'a'.repeat(n)}`),
    fc.constantFrom('tok_', 'tok_visa!', 'tok visa', '4242424242424242', 'tok_\u0000'),
  )
  .filter((token) => !FORMATS.paymentToken.test(token));

export const malformedCountryArb = fc
  .constantFrom('de', 'D', 'DEU', 'Germany', '', '12', 'D1', 'ÄÖ', ' DE')
  .filter((country) => !FORMATS.country.test(country));
export const malformedPostalCodeArb = fc
  .constantFrom('1', '', '1234567890123', '10115!', '10\n115', '🏠🏠', '10115\u0000')
  .filter((code) => !FORMATS.postalCode.test(code));
export const malformedTimestampArb = fc
  .constantFrom(
    'yesterday',
    '2026-11-25',
    '2026-13-01T00:00:00Z',
    '2026-11-25T25:00:00Z',
    '1764064800',
    '2026-11-25 10:00:00',
    '2026-11-25T10:00:00',
    '',
  )
  .filter((timestamp) => !FORMATS.timestamp.test(timestamp));
