/**
 * Raw HTTP requests to Customer.io: which key an App or Track API request
 * authenticates with (also a key encoded into Basic auth from expressions),
 * a literal Pipelines write key encoded as the Basic user, and the event
 * name of a raw Pipelines /v1/track request.
 */
import { describe, expect, it } from "vitest";
import { codes } from "./helpers.js";

const KEY = "wrong_key_type";

describe("wrong_key_type on raw requests", () => {
  it("invalid: an App API client authenticated with the name another file gives TrackClient as its key", () => {
    const files = {
      "lib/track.js": `const { TrackClient } = require("customerio-node");\nconst settings = require("./settings");\nmodule.exports = new TrackClient(settings.cio.siteId, settings.cio.secret);\n`,
      "lib/mail.js": `const axios = require("axios");\nconst settings = require("./settings");\nconst api = axios.create({\n  baseURL: "https://api.customer.io/v1",\n  headers: { Authorization: \`Bearer \${settings.cio.secret}\` },\n});\nmodule.exports = (b) => api.post("/send/email", b);\n`,
    };
    expect(codes(files, KEY)).toEqual([`${KEY}@lib/mail.js:5`]);
  });

  it("valid: the App API with a key named for it, or with a name no TrackClient takes", () => {
    const mail = (expr: string) => ({
      "lib/track.js": `const { TrackClient } = require("customerio-node");\nmodule.exports = new TrackClient(process.env.SITE, process.env.CIO_SECRET);\n`,
      "lib/mail.js": `const axios = require("axios");\nconst api = axios.create({\n  baseURL: "https://api.customer.io/v1",\n  headers: { Authorization: \`Bearer \${${expr}}\` },\n});\nmodule.exports = (b) => api.post("/send/email", b);\n`,
    });
    expect(codes(mail("process.env.CIO_APP_KEY"), KEY)).toEqual([]);
    expect(codes(mail("process.env.MAIL_TOKEN"), KEY)).toEqual([]);
  });

  it("invalid: the App API key encoded into a Track API request's Basic auth, from a template or a concatenation", () => {
    const tpl = `const auth = btoa(\`\${env.CIO_SITE_ID}:\${env.CIO_APP_API_KEY}\`);\nexport const send = (id: string) =>\n  fetch(\`https://track.customer.io/api/v1/customers/\${id}/events\`, {\n    method: "POST",\n    headers: { Authorization: \`Basic \${auth}\` },\n    body: JSON.stringify({ name: "x" }),\n  });\n`;
    expect(codes(tpl, KEY)).toEqual([`${KEY}@a.ts:1`]);
    const plus = `export const send = (id: string) =>\n  fetch("https://track.customer.io/api/v1/customers/" + id, {\n    method: "PUT",\n    headers: { Authorization: "Basic " + Buffer.from(site + ":" + appApiKey).toString("base64") },\n    body: JSON.stringify({}),\n  });\n`;
    expect(codes(plus, KEY)).toEqual([`${KEY}@a.ts:4`]);
  });

  it("valid: the Track API key encoded into the Track API's Basic auth", () => {
    const ok = `const auth = btoa(\`\${env.CIO_SITE_ID}:\${env.CIO_TRACK_API_KEY}\`);\nexport const send = (id: string) =>\n  fetch(\`https://track.customer.io/api/v1/customers/\${id}\`, { method: "PUT", headers: { Authorization: \`Basic \${auth}\` }, body: "{}" });\n`;
    expect(codes(ok, KEY)).toEqual([]);
  });
});

describe("raw Pipelines requests", () => {
  const request = (key: string, event: string) =>
    `const WRITE_KEY = ${key};\nconst URL = "https://cdp.customer.io/v1/track";\nexport async function send(id: string, source: string) {\n  await fetch(URL, {\n    method: "POST",\n    headers: { Authorization: \`Basic \${btoa(\`\${WRITE_KEY}:\`)}\` },\n    body: JSON.stringify({ userId: id, event: ${event} }),\n  });\n}\n`;

  it("invalid: a literal write key encoded as the Basic user; an event name built from a variable", () => {
    expect(codes(request('"wk_5d1c9a7e3b2f48a6c0e1"', '"lead_created"'), "hardcoded_credentials")).toEqual(["hardcoded_credentials@a.ts:1"]);
    expect(codes(request("process.env.CIO_WRITE_KEY!", "`lead_${source}`"), "dynamic_event_name")).toEqual(["dynamic_event_name@a.ts:7"]);
  });

  it("valid: the write key from the environment or a placeholder; a fixed event name", () => {
    expect(codes(request("process.env.CIO_WRITE_KEY!", '"lead_created"'), "hardcoded_credentials")).toEqual([]);
    expect(codes(request('"your-write-key"', '"lead_created"'), "hardcoded_credentials")).toEqual([]);
    expect(codes(request("process.env.CIO_WRITE_KEY!", '"lead_created"'), "dynamic_event_name")).toEqual([]);
  });
});
