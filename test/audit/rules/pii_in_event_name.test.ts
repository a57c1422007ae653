import { describe, expect, it } from "vitest";
import { codes, findingsOf, SDK } from "./helpers.js";

const C = "pii_in_event_name";

describe("pii_in_event_name", () => {
  it("invalid: an email in a literal name, a name built from email/phone/person names, through helpers", () => {
    expect(codes(`${SDK}cio.track("1", { name: "invited_ada@example.com" });\n`, C)).toEqual([`${C}@a.ts:3`]);
    expect(codes(`${SDK}cio.track("1", { name: "contact_" + req.body.phoneNumber });\n`, C)).toEqual([`${C}@a.ts:3`]);
    expect(codes(`${SDK}cio.track("1", { name: \`viewed_by_\${user.name}\` });\n`, C)).toEqual([`${C}@a.ts:3`]);
    const files = { "lib.ts": `${SDK}export async function ev(id, name) { await cio.track(id, { name }); }\n`, "b.ts": `import { ev } from "./lib";\nev("1", \`gift_to_\${recipientEmail}\`);\n` };
    expect(findingsOf(files, C).map((f) => `${f.file}:${f.line}`)).toEqual(["b.ts:2"]);
    // The address never appears in the output.
    expect(JSON.stringify(findingsOf({ "a.ts": `${SDK}cio.track("1", { name: "invited_ada@example.com" });\n` }, C))).not.toContain("ada@example.com");
  });

  it("valid: ids, counts, domains and product names", () => {
    expect(codes(`${SDK}cio.track("1", { name: \`x_\${user.id}\` });\ncio.track("1", { name: "y_" + emailDomain });\ncio.track("1", { name: \`z_\${product.name}\` });\n`, C)).toEqual([]);
  });
});

describe("pii_in_event_name agrees with the domain's personal-data definition", () => {
  it("flags phone numbers, SSNs and card numbers in literal names, masked in the output", () => {
    const src = `${SDK}cio.track("1", { name: "called_+14155552671" });\ncio.track("1", { name: "ssn_123-45-6789_entered" });\ncio.track("1", { name: "paid_4111111111111111" });\n`;
    expect(codes(src, C)).toEqual([`${C}@a.ts:3`, `${C}@a.ts:4`, `${C}@a.ts:5`]);
    const out = JSON.stringify(findingsOf({ "a.ts": src }, C));
    for (const secret of ["4155552671", "123-45-6789", "4111111111111111"]) expect(out).not.toContain(secret);
  });
});
