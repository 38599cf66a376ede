/** A valid shipping address, as a customer's order carries it (createOrder's body). */
export const SHIPPING_ADDRESS = {
  name: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
};

/**
 * A valid execution input of the order state machine (WorkflowInputSchema, services/orders/schemas.ts):
 * one keyboard, paid with the test card that approves, no review, no fulfilment window.
 */
export const workflowInput = (orderId: string) => ({
  orderId,
  customerId: 'cust_1001',
  items: [{ sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 8999 }],
  total: { amount: 8999, currency: 'EUR' as const },
  paymentToken: 'tok_visa',
  shippingAddress: SHIPPING_ADDRESS,
  fulfilmentWindowSeconds: 0,
  requiresReview: false,
});
