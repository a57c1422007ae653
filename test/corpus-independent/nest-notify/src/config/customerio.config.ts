import { registerAs } from "@nestjs/config";

export default registerAs("customerio", () => ({
  siteId: process.env.CIO_SITE_ID,
  trackApiKey: process.env.CIO_TRACK_API_KEY ?? "9c81d2e4f6a7b03c5d1e",
  appApiKey: process.env.CIO_APP_API_KEY,
  region: process.env.CIO_REGION === "eu" ? "eu" : "us",
}));
