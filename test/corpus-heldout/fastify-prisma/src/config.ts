import { z } from "zod";

// Everything secret comes from the environment; the schema fails fast at boot
// so a missing key never turns into a 401 storm in production.
const schema = z.object({
  PORT: z.coerce.number().default(3000),
  DATABASE_URL: z.string().url(),
  JWT_SECRET: z.string().min(32),
  CIO_SITE_ID: z.string().min(1),
  CIO_TRACK_API_KEY: z.string().min(1),
  CIO_APP_API_KEY: z.string().min(1),
  CIO_REGION: z.enum(["us", "eu"]).default("us"),
});

const env = schema.parse(process.env);

export const config = {
  port: env.PORT,
  jwtSecret: env.JWT_SECRET,
  cio: {
    siteId: env.CIO_SITE_ID,
    trackApiKey: env.CIO_TRACK_API_KEY,
    appApiKey: env.CIO_APP_API_KEY,
    region: env.CIO_REGION,
  },
} as const;
