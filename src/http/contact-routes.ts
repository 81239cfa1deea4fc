import { z } from 'zod';
import type { ContactPolicy } from '../calendar/contact-policy.js';
import type { Journey } from '../calendar/journey.js';
import { FidelisError } from '../core/errors.js';
import { ContactChannel } from '../core/schemas.js';
import { CustomerComponent as Customer } from './components.js';
import { Instant } from '../core/validation.js';
import type { LoyaltyEngine } from '../engine/loyalty-engine.js';
import { type HttpRoute, httpRoute } from './http-route.js';
import { Id, engineResult } from './route-fields.js';


const PlanningEvent = z.object({
  customerId: Id,
  type: z.enum(['purchase', 'signup', 'custom']),
  name: z.string().min(1).optional().describe('the custom event\'s name (for custom)'),
  id: Id.optional().describe('a stable id of the event (order id…)'),
  at: Instant,
});

/**
 * The contact-timing endpoints: plan contacts for customers over the stored history (with the
 * service's journeys and policy) and record a contact once sent.
 *
 * @example
 * ```ts
 * for (const route of contactRoutes(engine, { journeys, policy })) mountRoute(app, gate, route);
 * ```
 */
export function contactRoutes(engine: LoyaltyEngine, setup: { readonly journeys: readonly Journey[]; readonly policy: ContactPolicy } | undefined): HttpRoute[] {
  return [
    httpRoute({
      method: 'post', path: '/v1/contact-plans', scope: 'admin', tag: 'contacts', mutating: false,
      summary: "Plan contacts for customers with the service's journeys and contact policy (records nothing)",
      body: z.object({ customers: z.array(Customer).min(1).max(10_000), events: z.array(PlanningEvent).max(100_000).optional(), from: Instant, until: Instant }),
      response: engineResult('ContactPlan'),
      handle: async ({ body }) => {
        if (setup === undefined) throw new FidelisError('NOT_FOUND', 'contact plans: the service has no journeys and contact policy configured');
        return engine.planForCustomers({ ...body, events: body.events ?? [], journeys: setup.journeys, policy: setup.policy });
      },
    }),
    httpRoute({
      method: 'post', path: '/v1/contacts', scope: 'admin', tag: 'contacts',
      summary: "Record a sent contact (idempotent by the contact's id)",
      body: z.object({
        id: Id.describe("the contact's id: the planned contact's id when it came from a plan"),
        customerId: Id, channel: ContactChannel, kind: z.enum(['transactional', 'marketing']), at: Instant,
        journeyId: Id.optional(), stepId: Id.optional(), contentKey: z.string().min(1).optional(),
      }),
      response: engineResult('RecordContactResult'),
      handle: async ({ body }) => engine.recordContact(body),
    }),
  ];
}
