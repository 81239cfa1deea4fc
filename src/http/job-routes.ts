import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import type { LoyaltyEngine } from '../engine/loyalty-engine.js';
import { type HttpRoute, httpRoute } from './http-route.js';
import { PointsCount as Points } from './route-fields.js';

const Count = z.number().int();

/**
 * The body of `POST /v1/jobs/run` (`DueJobsReport`): what each job of time passing did.
 *
 * @example
 * ```ts
 * DueJobsResponse.parse(body).expiry.pointsExpired; // 120
 * ```
 */
export const DueJobsResponse = z
  .strictObject({
    lapsed: z.strictObject({ customers: Count, reservations: Count, points: Points }).describe('points reservations not committed in time, given back'),
    activation: z.strictObject({ customers: Count, lotsActivated: Count, pointsActivated: Points, debtSettled: Points, referralsPaid: Count }).describe('pending points activated, referrals paid'),
    expiry: z.strictObject({ customers: Count, lotsExpired: Count, pointsExpired: Points }).describe('points expired'),
    expiringSoon: Count.describe('new points.expiring_soon events'),
  })
  .meta({ id: 'DueJobsReport' });

/**
 * The jobs endpoint (scope `admin`): `POST /v1/jobs/run` runs the engine's due jobs
 * (`runDueJobs`) at the service clock's now, for a scheduler (cron) that has no Node. The
 * instant is the service's, never the caller's: a client cannot expire points early.
 *
 * @example
 * ```ts
 * for (const route of jobRoutes(engine, systemClock)) mountRoute(app, gate, route);
 * ```
 */
export function jobRoutes(engine: LoyaltyEngine, clock: Clock): HttpRoute[] {
  return [
    httpRoute({
      method: 'post', path: '/v1/jobs/run', scope: 'admin', tag: 'jobs',
      summary: 'Run the jobs of time passing now: lapse unpaid points reservations, activate pending points, expire lots, announce expiries (idempotent at any time)',
      body: z.object({ expiringSoonWithin: z.string().min(1).max(50).optional().describe('how far ahead expiries are announced, an ISO 8601 duration (P30D by default)') }),
      response: DueJobsResponse,
      handle: async ({ body }) => engine.runDueJobs(clock.now(), body.expiringSoonWithin === undefined ? {} : { expiringSoonWithin: body.expiringSoonWithin }),
    }),
  ];
}
