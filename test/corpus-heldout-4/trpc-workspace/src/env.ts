import { z } from 'zod';

export const env = z
  .object({
    PORT: z.coerce.number().default(4000),
    DATABASE_URL: z.string(),
    JWT_SECRET: z.string().min(32),
    CIO_SITE_ID: z.string(),
    CIO_TRACK_KEY: z.string().default('e4b1c7d92a0f3e65b8c1'),
    CIO_APP_KEY: z.string(),
    CIO_CDP_WRITE_KEY: z.string(),
    CIO_REGION: z.enum(['us', 'eu']).default('us'),
  })
  .parse(process.env);
