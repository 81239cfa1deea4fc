// The domain's schemas as named OpenAPI components: `.meta({ id })` makes a copy the document
// refers to by `$ref` (the domain's own schema objects stay untouched).
import { Customer, Order, Return } from '../core/schemas.js';
import { Cart } from '../coupons/cart.js';
import { CheckoutCustomer } from '../engine/checkout-customer.js';
import { PartnerEarning } from '../engine/partner-points.js';

export const OrderComponent = Order.meta({ id: 'Order' });
export const CustomerComponent = Customer.meta({ id: 'Customer' });
export const ReturnComponent = Return.meta({ id: 'Return' });
export const CartComponent = Cart.meta({ id: 'Cart' });
export const CheckoutCustomerComponent = CheckoutCustomer.meta({ id: 'CheckoutCustomer' });
export const PartnerEarningComponent = PartnerEarning.meta({ id: 'PartnerEarning' });
