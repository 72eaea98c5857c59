// GET /centers — public list of detention centers and whether each takes online bookings (R5:
// which centers are online is public). Read from the validated district config, not a table.
import { allCenters } from '../shared/config';
import * as api from '../shared/api/contract';
import { defineHandler } from '../shared/http/define-handler';
import { ok } from '../shared/http/responses';

export const handler = defineHandler(api.listCenters, async () =>
  ok({
    centers: allCenters().map((c) => ({
      centerId: c.centerId,
      name: c.name,
      district: c.districtId,
      onlineBooking: c.onlineBooking,
      address: c.address,
      phone: c.phone,
    })),
  }),
);
