import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().default(8080),
  REDIS_URL: z.string().url(),
  CIO_SITE_ID: z.string().min(1),
  CIO_TRACK_API_KEY: z.string().min(1),
  CIO_APP_API_KEY: z.string().min(1),
  CIO_RECEIPT_MESSAGE_ID: z.string().default('7'),
});

const parsed = schema.parse(process.env);

export const env = {
  port: parsed.PORT,
  redisUrl: parsed.REDIS_URL,
  cio: {
    siteId: parsed.CIO_SITE_ID,
    trackApiKey: parsed.CIO_TRACK_API_KEY,
    appApiKey: parsed.CIO_APP_API_KEY,
    receiptMessageId: parsed.CIO_RECEIPT_MESSAGE_ID,
  },
};
