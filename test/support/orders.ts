/** A valid shipping address, as a customer's order carries it (createOrder's body). */
export const SHIPPING_ADDRESS = {
  name: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
};
