// What the cold chain's forms and the readings API take (issue 21). Client-safe.
import { z } from 'zod';
import { TEMP_LIMITS, WEBHOOK_KINDS } from '~/domain/cold-chain';
import { decimal, enumOf, notesText, objectId, optionalText, phone, text } from './common';
import { lotLines, weighTime } from './intake';

export const temperature = decimal({ min: TEMP_LIMITS.min, max: TEMP_LIMITS.max });
export const humidity = decimal({ min: 0, max: 100 });

export const PLATE = /^[\u4e00-\u9fa5][A-Z][A-Z0-9·]{4,7}$/;

/** 新建运输单, as the carrier's form posts it. */
export const ShipmentFormSchema = z
  .object({
    lotCodes: lotLines,
    vehiclePlate: z
      .string({ error: 'v.required' })
      .trim()
      .transform((v) => v.toUpperCase().replace(/\s+/g, ''))
      .pipe(z.string().min(1, 'v.required').regex(PLATE, 'shipment.plateBad')),
    driverName: optionalText(30),
    driverPhone: phone,
    originOrgId: objectId.optional(),
    originAddress: optionalText(120),
    destinationOrgId: objectId.optional(),
    destinationAddress: optionalText(120),
    consigneeOrgId: objectId,
    productId: objectId.optional(),
    plannedDepartureAt: weighTimeOrFuture(),
    plannedArrivalAt: weighTimeOrFuture().optional(),
    notes: notesText(300),
  })
  .superRefine((v, ctx) => {
    if (v.lotCodes.length === 0)
      ctx.addIssue({ code: 'custom', path: ['lotCodes'], message: 'shipment.noLots' });
    if (!v.destinationOrgId && !v.destinationAddress)
      ctx.addIssue({ code: 'custom', path: ['destinationAddress'], message: 'shipment.noDestination' });
    if (v.plannedArrivalAt && v.plannedArrivalAt <= v.plannedDepartureAt)
      ctx.addIssue({
        code: 'custom',
        path: ['plannedArrivalAt'],
        message: 'shipment.arrivalBeforeDeparture',
      });
  });
export type ShipmentFormInput = z.infer<typeof ShipmentFormSchema>;

/** A planned time: in Shanghai, and may be in the future (a year at most). */
function weighTimeOrFuture() {
  return z
    .string({ error: 'v.required' })
    .trim()
    .transform((v, ctx) => {
      const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$/.exec(v);
      const at = m ? new Date(`${m[1]}T${m[2]}:${m[3]}:00+08:00`) : null;
      if (!at || Number.isNaN(at.getTime())) ctx.addIssue({ code: 'custom', message: 'v.date' });
      else if (Math.abs(at.getTime() - Date.now()) > 366 * 24 * 3600_000)
        ctx.addIssue({ code: 'custom', message: 'v.dateFar' });
      return at ?? new Date(0);
    });
}

/** A handover at either end: when, who handed over, who received, the temperature measured then. */
export const HandoverSchema = z.object({
  at: weighTime,
  handedBy: text(30),
  receivedBy: text(30),
  tempC: temperature.optional(),
  humidity: humidity.optional(),
});
export type HandoverInput = z.infer<typeof HandoverSchema>;

/** The consignee's answer: received, or refused at arrival with a reason. */
export const ReceiveSchema = z
  .object({
    decision: enumOf(['accept', 'reject'] as const),
    reason: optionalText(300, { multiline: true }),
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'reject' && !v.reason)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'shipment.reasonRequired' });
  });

/** A handheld thermometer's reading typed in. */
export const FormReadingSchema = z.object({
  at: weighTime,
  tempC: temperature,
  humidity: humidity.optional(),
});

// ---------------------------------------------------------------- the devices' API

const apiTime = z
  .string({ error: 'reading.timeRequired' })
  .max(40)
  .transform((v, ctx) => {
    // an instant with its zone: 2026-11-08T07:30:00+08:00 or …Z
    const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(v)
      ? new Date(v)
      : null;
    if (!at || Number.isNaN(at.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'reading.timeBad' });
      return z.NEVER;
    }
    return at;
  });

export const ApiReading = z.strictObject({
  at: apiTime,
  tempC: z
    .number({ error: 'reading.tempNumber' })
    .refine(Number.isFinite, 'reading.tempNumber')
    .min(TEMP_LIMITS.min, 'reading.tempRange')
    .max(TEMP_LIMITS.max, 'reading.tempRange'),
  humidity: z
    .number({ error: 'reading.humidityNumber' })
    .min(0, 'reading.humidityRange')
    .max(100, 'reading.humidityRange')
    .nullable()
    .optional(),
});

export const MAX_API_BATCH = 1000;

/** One reading or a batch, for a shipment (its code) or a store (its code). */
export const ReadingsApiSchema = z
  .strictObject({
    shipment: z.string().trim().max(40).optional(),
    store: z.string().trim().max(40).optional(),
    readings: z.array(z.unknown()).optional(),
    at: z.unknown().optional(),
    tempC: z.unknown().optional(),
    humidity: z.unknown().optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.shipment === !v.store)
      ctx.addIssue({ code: 'custom', path: ['shipment'], message: 'reading.subjectRequired' });
  });

// ---------------------------------------------------------------- webhooks

/**
 * A chat robot's address is checked against its service's host; a plain JSON webhook may be any
 * public http(s) address (never this machine or a private network: the app would be a door into them).
 */
const HOSTS = { wecom: 'qyapi.weixin.qq.com', dingtalk: 'oapi.dingtalk.com' } as const;
const PRIVATE_HOST =
  /^(localhost|.*\.local|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0|\[.*\])$/i;

export const WebhookInput = z
  .object({
    kind: z.enum(WEBHOOK_KINDS, { error: 'webhook.kindRequired' }),
    name: z.string().trim().min(1, 'v.required').max(60, 'v.tooLong'),
    url: z.string().trim().min(1, 'v.required').max(500, 'v.tooLong'),
    secret: z.string().trim().max(200, 'v.tooLong').optional().default(''),
  })
  .superRefine((v, ctx) => {
    let url: URL;
    try {
      url = new URL(v.url);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'webhook.urlBad' });
      return;
    }
    if (v.kind === 'json') {
      if (!/^https?:$/.test(url.protocol) || PRIVATE_HOST.test(url.hostname))
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'webhook.urlPrivate' });
      return;
    }
    if (url.protocol !== 'https:' || url.hostname !== HOSTS[v.kind])
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: `webhook.urlHost|${JSON.stringify({ host: HOSTS[v.kind] })}`,
      });
    if (v.kind === 'wecom' && !url.searchParams.get('key'))
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'webhook.wecomKey' });
    if (v.kind === 'dingtalk' && !url.searchParams.get('access_token'))
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'webhook.dingtalkToken' });
    if (v.kind === 'dingtalk' && v.secret && !/^SEC[0-9a-zA-Z]+$/.test(v.secret))
      ctx.addIssue({ code: 'custom', path: ['secret'], message: 'webhook.secretBad' });
  });
export type WebhookInputValue = z.output<typeof WebhookInput>;

// ---------------------------------------------------------------- cold stores

export const StoreFormSchema = z.object({
  code: z
    .string({ error: 'v.required' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{2,29}$/, 'store.codeBad'),
  name: text(40),
  address: optionalText(120),
  productId: objectId,
});

/** A lot put into a store, or taken out: its code (scanned or typed). */
export const StoreLotSchema = z.object({
  lotCode: z
    .string({ error: 'v.required' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2,6}-[A-Z0-9]{1,6}-\d{8}-\d{3,6}$/, 'store.lotCodeBad'),
});

// ---------------------------------------------------------------- the commands' inputs
// (what the forms' schemas give once parsed: times as instants, lot lines as a list)

const instant = z.date({ error: 'v.date' }).refine((d) => !Number.isNaN(d.getTime()), 'v.date');

export const ShipmentCommandSchema = z.object({
  lotCodes: z
    .array(z.object({ code: z.string().max(40), kg: z.number().positive().finite().optional() }))
    .min(1, 'shipment.noLots')
    .max(200),
  vehiclePlate: z.string().regex(PLATE, 'shipment.plateBad'),
  driverName: z.string().max(30),
  driverPhone: z.string().max(20),
  originOrgId: objectId.optional(),
  originAddress: z.string().max(120),
  destinationOrgId: objectId.optional(),
  destinationAddress: z.string().max(120),
  consigneeOrgId: objectId,
  productId: objectId.optional(),
  plannedDepartureAt: instant,
  plannedArrivalAt: instant.optional(),
  notes: z.string().max(300),
});

export const HandoverCommandSchema = z.object({
  at: instant,
  handedBy: z.string().min(1).max(30),
  receivedBy: z.string().min(1).max(30),
  tempC: temperature.optional(),
  humidity: humidity.optional(),
});

export const FormReadingCommandSchema = z.object({
  at: instant,
  tempC: temperature,
  humidity: humidity.optional(),
});
