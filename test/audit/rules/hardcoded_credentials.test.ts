import { describe, expect, it } from "vitest";
import { auditFiles, codes } from "./helpers.js";

const C = "hardcoded_credentials";
const IMP = 'import { TrackClient, APIClient } from "customerio-node";\n';

describe("hardcoded_credentials", () => {
  it("invalid: literal keys in the constructors and in Customer.io-named values, shown as their last 4 characters", () => {
    const src = `${IMP}new APIClient("a81f2c9d04be7e35c6d1");\nconst CUSTOMERIO_TRACK_API_KEY = "9a8b7c6d5e4f3a2b1c0d";\n`;
    expect(codes(src, C)).toEqual([`${C}@a.ts:2`, `${C}@a.ts:3`]);
    const out = JSON.stringify(auditFiles({ "a.ts": src }).findings);
    expect(out).not.toContain("a81f2c9d04be7e35c6d1");
    expect(out).toContain("…c6d1");
  });

  it("valid: environment variables, placeholders, other services' keys", () => {
    expect(codes(`${IMP}new APIClient(process.env.CIO_APP_API_KEY);\nconst CIO_KEY = "your-api-key-here-please";\nconst stripe = { apiKey: "rk_live_51Hx9dk3kLmq8Zp0a9B" };\n`, C)).toEqual([]);
  });
});
