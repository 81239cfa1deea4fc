// The domain's schemas as named OpenAPI components: `.meta({ id })` makes a copy the document
// refers to by `$ref` (the domain's own schema objects stay untouched).
import { Customer, Order, Return } from '../core/schemas.js';
import { Cart } from '../coupons/cart.js';
import { CheckoutCustomer } from '../engine/checkout-customer.js';
import { PartnerEarning } from '../engine/partner-points.js';

/**
 * `Order`, as the component `#/components/schemas/Order`.
 *
 * @example
 * ```ts
 * z.object({ order: OrderComponent });
 * ```
 */
export const OrderComponent = Order.meta({ id: 'Order' });
/**
 * `Customer`, as the component `#/components/schemas/Customer`.
 *
 * @example
 * ```ts
 * z.object({ customer: CustomerComponent.optional() });
 * ```
 */
export const CustomerComponent = Customer.meta({ id: 'Customer' });
/**
 * `Return`, as the component `#/components/schemas/Return`.
 *
 * @example
 * ```ts
 * httpRoute({ method: 'post', path: '/v1/returns', body: ReturnComponent, ... });
 * ```
 */
export const ReturnComponent = Return.meta({ id: 'Return' });
/**
 * `Cart`, as the component `#/components/schemas/Cart`.
 *
 * @example
 * ```ts
 * z.object({ cart: CartComponent });
 * ```
 */
export const CartComponent = Cart.meta({ id: 'Cart' });
/**
 * `CheckoutCustomer`, as the component `#/components/schemas/CheckoutCustomer`.
 *
 * @example
 * ```ts
 * z.object({ customer: CheckoutCustomerComponent.optional() });
 * ```
 */
export const CheckoutCustomerComponent = CheckoutCustomer.meta({ id: 'CheckoutCustomer' });
/**
 * `PartnerEarning`, as the component `#/components/schemas/PartnerEarning`.
 *
 * @example
 * ```ts
 * httpRoute({ method: 'post', path: '/v1/partner-earnings', body: PartnerEarningComponent, ... });
 * ```
 */
export const PartnerEarningComponent = PartnerEarning.meta({ id: 'PartnerEarning' });
