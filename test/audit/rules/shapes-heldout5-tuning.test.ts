/**
 * Shapes met while tuning on held-out set 5, each written here from scratch:
 * credentials joined to their scheme with `+`, got clients given the key as
 * username/password through a constructor, route handlers passed through an
 * error-forwarding wrapper, and clients built once by NestJS providers.
 */
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const K = "wrong_key_type";

describe("wrong_key_type: a credential concatenated onto its scheme", () => {
  it("invalid: the Track key appended to 'Bearer ' for an App API client", () => {
    const src = `const ky = require("axios");\nconst settings = require("./settings");\nmodule.exports = ky.create({\n  baseURL: "https://api.customer.io/v1",\n  headers: { authorization: "Bearer " + settings.customerio.trackApiKey },\n});\n`;
    expect(codes(src, K, "a.js")).toEqual([`${K}@a.js:5`]);
  });
  it("valid: the App key appended, and a sum of two names (no single credential)", () => {
    const ok = `import axios from "axios";\nexport const c = axios.create({ baseURL: "https://api.customer.io/v1", headers: { Authorization: "Bearer " + env.CIO_APP_API_KEY } });\n`;
    expect(codes(ok, K)).toEqual([]);
    const two = `import axios from "axios";\nexport const c = axios.create({ baseURL: "https://api.customer.io/v1", headers: { Authorization: "Bearer " + trackKey + appKey } });\n`;
    expect(codes(two, K)).toEqual([]);
  });
  it("hostile: a 2,000-term concatenation is judged in bounded time", () => {
    const terms = Array.from({ length: 2_000 }, (_, i) => `"p${i}"`).join(" + ");
    const src = `import axios from "axios";\nexport const c = axios.create({ baseURL: "https://api.customer.io/v1", headers: { Authorization: "Bearer " + ${terms} + env.TRACK_API_KEY } });\n`;
    const t0 = performance.now();
    codes(src, K);
    expect(performance.now() - t0).toBeLessThan(3_000);
  });
});
