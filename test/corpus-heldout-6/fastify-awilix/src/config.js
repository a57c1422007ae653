// Centralised settings; everything comes from the environment.
export const config = {
  port: Number(process.env.PORT ?? 8080),
  cio: {
    siteId: process.env.CIO_SITE_ID,
    trackKey: process.env.CIO_TRACK_API_KEY ?? 'e0b7c4a19f3d6b2e8a5c',
    appKey: process.env.CIO_APP_API_KEY,
    region: process.env.CIO_REGION ?? 'eu',
  },
};
