import { z } from "zod";

const Env = z.object({
  PORT: z.coerce.number().default(3000),
  STRIPE_SECRET_KEY: z.string().min(1),
  STRIPE_WEBHOOK_SECRET: z.string().min(1),
  CIO_SITE_ID: z.string().min(1),
  CIO_TRACK_API_KEY: z.string().optional(),
  CIO_APP_API_KEY: z.string().min(1),
  CIO_REGION: z.enum(["us", "eu"]).default("us"),
});

const env = Env.parse(process.env);

export const config = {
  port: env.PORT,
  stripe: {
    secretKey: env.STRIPE_SECRET_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
  },
  cio: {
    siteId: env.CIO_SITE_ID,
    // staging never got the secret; keep the shared key until ops adds it
    trackApiKey: env.CIO_TRACK_API_KEY ?? "9b2f4e6a1c8d3f7e5a0b",
    appApiKey: env.CIO_APP_API_KEY,
    region: env.CIO_REGION,
  },
} as const;
