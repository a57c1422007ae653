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
