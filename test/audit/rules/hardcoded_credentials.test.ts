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

describe("hardcoded_credentials across files", () => {
  it("invalid: literals a constructor takes from a config module are reported where they are written", () => {
    const files = {
      "config.ts": `export const SITE_ID = "f1e2d3c4b5a697887766";\nexport const settings = { key: "9a8b7c6d5e4f3a2b1c0d" };\n`,
      "cio.ts": `import { TrackClient } from "customerio-node";\nimport { SITE_ID, settings } from "./config";\nexport const cio = new TrackClient(SITE_ID, settings.key);\n`,
    };
    expect(auditFiles(files).findings.filter((f) => f.code === C).map((f) => `${f.file}:${f.line}:${f.severity}`)).toEqual(["config.ts:1:warning", "config.ts:2:error"]);
  });
  it("valid: values from the environment, through a config module", () => {
    const files = {
      "config.ts": `export const SITE_ID = process.env.CIO_SITE_ID;\n`,
      "cio.ts": `import { TrackClient } from "customerio-node";\nimport { SITE_ID } from "./config";\nexport const cio = new TrackClient(SITE_ID, process.env.K);\n`,
    };
    expect(codes(files, C)).toEqual([]);
  });
});

describe("hardcoded_credentials on raw HTTP", () => {
  it("invalid: a literal Bearer key to the App API, a literal axios auth to the Track API", () => {
    const src = `export const f = () => fetch("https://api.customer.io/v1/send/email", { method: "POST", headers: { Authorization: "Bearer a81f2c9d04be7e35c6d1" } });\nimport axios from "axios";\nexport const t = axios.create({ baseURL: "https://track.customer.io/api/v1", auth: { username: "f1e2d3c4b5a697887766", password: "9a8b7c6d5e4f3a2b1c0d" } });\n`;
    // The site ID (username) and the key (password) on line 3 are two findings.
    expect(codes(src, C).sort()).toEqual([`${C}@a.ts:1`, `${C}@a.ts:3`, `${C}@a.ts:3`].sort());
    expect(JSON.stringify(auditFiles({ "a.ts": src }).findings)).not.toContain("a81f2c9d04be7e35c6d1");
  });
});
