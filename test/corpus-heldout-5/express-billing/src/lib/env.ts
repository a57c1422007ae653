// Read once at boot; a missing value fails loudly in server.ts.
export const env = {
  CIO_SITE_ID: process.env.CIO_SITE_ID ?? '',
  CIO_TRACK_KEY: process.env.CIO_TRACK_KEY ?? '',
  CIO_APP_KEY: process.env.CIO_APP_KEY ?? '',
  PORT: Number(process.env.PORT ?? 3000),
};
