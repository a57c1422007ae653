/**
 * track_before_identify on a file with many calls: each step's key (its
 * person, read from the source text and the scopes) is computed once, and
 * a track meets only the identifies about the same person. The counter the
 * rule exports says how many keys were computed; the findings say the
 * grouping lost nothing.
 */
import { describe, expect, it } from "vitest";
import { auditFiles } from "./helpers.js";
import { trackBeforeIdentifyWork } from "../../../src/audit/rules/track_before_identify.js";

const HEAD = `const { TrackClient } = require("customerio-node");\nconst cio = new TrackClient(process.env.CIO_SITE_ID, process.env.CIO_TRACK_KEY);\n`;

/** n people: even ones tracked then identified in sequence, odd ones identified in a .then on the track; one identified first. */
function manyCalls(n: number): string {
  let body = "";
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) body += `  await cio.track(people[${i}].id, { name: "step_${i % 5}" });\n  await cio.identify(people[${i}].id, { plan: "pro" });\n`;
    else body += `  cio.track(people[${i}].id, { name: "step_${i % 5}" }).then(() => cio.identify(people[${i}].id, { plan: "pro" }));\n`;
  }
  // Identified before tracked: no finding for this one.
  body += `  await cio.identify(first.id, { plan: "pro" });\n  await cio.track(first.id, { name: "welcomed" });\n`;
  return `${HEAD}async function replay(people, first) {\n${body}}\nmodule.exports = { replay };\n`;
}

function run(n: number) {
  trackBeforeIdentifyWork.stepKeys = 0;
  const findings = auditFiles({ "jobs/replay.js": manyCalls(n) }).findings.filter((f) => f.code === "track_before_identify");
  return { findings, keys: trackBeforeIdentifyWork.stepKeys };
}

describe("track_before_identify work grows with the calls, not their square", () => {
  it("computes one key per call and reports each person tracked first, at 500 and 2,000 people", () => {
    for (const n of [500, 2000]) {
      const { findings, keys } = run(n);
      // 2n calls for the people plus two for `first`: one key each, however many tracks look identifies up.
      expect(keys).toBe(2 * n + 2);
      expect(findings.length).toBe(n);
      expect(findings.some((f) => f.message.includes("first.id"))).toBe(false);
    }
  });

  it("still tells a .then chain from a sequence (both reported, with the identify's line)", () => {
    const { findings } = run(2);
    expect(findings.map((f) => f.line)).toEqual([4, 6]);
    expect(findings[0]!.message).toContain("runs before identify() for them (line 5)");
    expect(findings[1]!.message).toContain("resolves before identify() for them runs (line 6)");
  });
});
