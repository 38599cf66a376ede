import { getOrder, toPublicOrder } from '../../../services/orders/domain/get-order';
import { FakeOrderRepository } from './fake-order-repository';
import { anOrder, customer, orderId, reviewer } from './fixtures';

describe('getOrder', () => {
  it('returns the order without payment token, task token or request hash', async () => {
    const order = anOrder({ reviewTaskToken: 'secret-token', requestHash: 'abc', idempotencyKey: 'k' });
    const result = await getOrder(new FakeOrderRepository([order]), customer(), order.orderId);
    expect(result).not.toHaveProperty('paymentToken');
    expect(result).not.toHaveProperty('reviewTaskToken');
    expect(result).not.toHaveProperty('requestHash');
    expect(result).toMatchObject({
      orderId: order.orderId,
      status: 'PENDING',
      history: order.history,
      idempotencyKey: 'k',
    });
  });

  it('throws NotFound (404) for an unknown order', async () => {
    await expect(getOrder(new FakeOrderRepository(), customer(), orderId(9))).rejects.toMatchObject({
      name: 'NotFound',
      httpStatus: 404,
    });
  });

  it("answers another customer's order as unknown: NotFound with the same message", async () => {
    const order = anOrder();
    await expect(getOrder(new FakeOrderRepository([order]), customer('cust_0002'), order.orderId)).rejects.toEqual(
      await getOrder(new FakeOrderRepository(), customer('cust_0002'), order.orderId).catch((e: unknown) => e),
    );
  });

  it('lets a reviewer read any order', async () => {
    const order = anOrder({ status: 'IN_REVIEW' });
    await expect(getOrder(new FakeOrderRepository([order]), reviewer(), order.orderId)).resolves.toMatchObject({
      orderId: order.orderId,
      customerId: order.customerId,
    });
  });

  it('toPublicOrder keeps everything else', () => {
    const order = anOrder({ cancelRequestedAt: 'x', windowClosedAt: 'y' });
    const publicOrder = toPublicOrder(order);
    expect(Object.keys(publicOrder).sort()).toEqual(
      Object.keys(order)
        .filter((k) => k !== 'paymentToken')
        .sort(),
    );
    expect(publicOrder).toMatchObject({ cancelRequestedAt: 'x', windowClosedAt: 'y' });
  });
});
