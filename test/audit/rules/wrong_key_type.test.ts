import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const C = "wrong_key_type";
const IMP = 'import { TrackClient, APIClient } from "customerio-node";\n';

describe("wrong_key_type", () => {
  it("invalid: the site ID or the Track key in APIClient, the App key in TrackClient, swapped arguments", () => {
    expect(codes(`${IMP}new APIClient(process.env.CIO_SITE_ID);\n`, C)).toEqual([`${C}@a.ts:2`]);
    expect(codes(`${IMP}new APIClient(process.env.CUSTOMERIO_TRACK_API_KEY);\n`, C)).toEqual([`${C}@a.ts:2`]);
    expect(codes(`${IMP}new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_APP_API_KEY);\n`, C)).toEqual([`${C}@a.ts:2`]);
    expect(codes(`${IMP}new TrackClient(process.env.CIO_API_KEY, process.env.CIO_SITE_ID);\n`, C)).toEqual([`${C}@a.ts:2`]);
    expect(codes(`${IMP}const cio = new TrackClient(config.siteId, config.apiKey);\nconst api = new APIClient(config.apiKey);\n`, C)).toEqual([`${C}@a.ts:3`]);
  });

  it("valid: the right keys", () => {
    expect(codes(`${IMP}new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_API_KEY);\nnew APIClient(process.env.CIO_APP_API_KEY);\n`, C)).toEqual([]);
  });
});

describe("wrong_key_type on raw HTTP", () => {
  it("invalid: Basic auth to the App API, Bearer to the Track API, the Track key sent to the App API", () => {
    expect(codes(`export const f = () => fetch("https://api.customer.io/v1/send/email", { method: "POST", headers: { Authorization: \`Basic \${btoa(a)}\` } });\n`, C)).toEqual([`${C}@a.ts:1`]);
    expect(codes(`const B = "https://track.customer.io/api/v1";\nexport const f = (id) => fetch(\`\${B}/customers/\${id}\`, { method: "PUT", headers: { Authorization: "Bearer " + token } });\n`, C)).toEqual([`${C}@a.ts:2`]);
    expect(codes(`import axios from "axios";\nexport const app = axios.create({ baseURL: "https://api-eu.customer.io/v1", headers: { Authorization: \`Bearer \${process.env.CIO_TRACK_API_KEY}\` } });\n`, C)).toEqual([`${C}@a.ts:2`]);
  });
  it("valid: Bearer App key to the App API, Basic to the Track API, other hosts", () => {
    expect(codes(`export const f = () => fetch("https://api.customer.io/v1/send/email", { method: "POST", headers: { Authorization: \`Bearer \${process.env.CIO_APP_API_KEY}\` } });\nexport const g = (id) => fetch(\`https://track.customer.io/api/v1/customers/\${id}\`, { method: "PUT", headers: { Authorization: "Basic " + btoa(s + ":" + k) } });\nexport const h = () => fetch("https://api.github.com", { headers: { Authorization: "Basic x" } });\n`, C)).toEqual([]);
  });
});
