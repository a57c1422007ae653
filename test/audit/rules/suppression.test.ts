import { describe, expect, it } from "vitest";
import { auditFiles, SDK } from "./helpers.js";

describe("inline suppression", () => {
  it("silences the named code on the next line and counts it; other codes and lines stay", () => {
    const src = `${SDK}app.post("/x", async (req, res) => {\n  // customerio-doctor-disable-next-line blocking_request_path -- the client polls right after\n  await cio.identify("1", { created_at: Date.now() });\n  await cio.identify("2", {});\n  res.end();\n});\n`;
    const r = auditFiles({ "a.ts": src });
    expect(r.suppressed).toBe(1);
    expect(r.findings.map((f) => `${f.code}@${f.line}`).sort()).toEqual(["blocking_request_path@6", "millisecond_timestamp@5"]);
    const all = auditFiles({ "a.ts": src.replace(" blocking_request_path --", " --") });
    expect(all.suppressed).toBe(2);
  });
});
