import { describe, expect, it } from "vitest";
import { codes, findingsOf, SDK } from "./helpers.js";

const C = "event_name_inconsistent";

describe("event_name_inconsistent", () => {
  it("invalid: one name off the tree's convention, across files and through helpers", () => {
    const files = {
      "lib.ts": `${SDK}export const ev = (id, name) => cio.track(id, { name });\n`,
      "a.ts": `${SDK}cio.track("1", { name: "signed_up" });\ncio.track("1", { name: "order_placed" });\n`,
      "b.ts": `import { ev } from "./lib";\nev("1", "OrderShipped");\n`,
    };
    expect(codes(files, C)).toEqual([`${C}@b.ts:2`]);
  });
  it("valid: one convention throughout (Title Case included)", () => {
    expect(codes(`${SDK}cio.track("1", { name: "Signed Up" });\ncio.track("1", { name: "Order Placed" });\n`, C)).toEqual([]);
  });
});

describe("event names from TypeScript enums", () => {
  it("reads local and imported string enums as fixed names", () => {
    const files = {
      "events.ts": `export enum CioEvent {\n  SignedUp = "signed_up",\n  OrderPlaced = "order_placed",\n  Shipped = "OrderShipped",\n}\n`,
      "a.ts": `${SDK}import { CioEvent } from "./events";\nenum Local { Paid = "invoice_paid" }\ncio.track("1", { name: CioEvent.SignedUp });\ncio.track("1", { name: CioEvent.OrderPlaced });\ncio.track("1", { name: Local.Paid });\ncio.track("1", { name: CioEvent.Shipped });\n`,
    };
    expect(codes(files, C)).toEqual([`${C}@a.ts:8`]);
    expect(codes(files, "dynamic_event_name")).toEqual([]);
  });
});

describe("event_name_inconsistent through helpers carries the via chain", () => {
  it("a name passed to a helper is reported at the caller with the chain to the SDK call; a direct one has none", () => {
    const files = {
      "lib.ts": `${SDK}export const ev = (id, name) => cio.track(id, { name });\n`,
      "a.ts": `${SDK}cio.track("1", { name: "signed_up" });\ncio.track("1", { name: "order_placed" });\ncio.track("1", { name: "PlanChanged" });\n`,
      "b.ts": `import { ev } from "./lib";\nev("1", "OrderShipped");\n`,
    };
    const found = findingsOf(files, C).map((f) => `${f.file}:${f.line}:${f.via?.map((v) => v.file).join(">") ?? "-"}`);
    expect(found).toEqual(["a.ts:5:-", "b.ts:2:b.ts>lib.ts"]);
  });
});
