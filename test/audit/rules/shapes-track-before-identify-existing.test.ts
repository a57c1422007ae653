/**
 * track_before_identify is about a person created in the handler: an event
 * sent before their first identify. An identify that follows a track for
 * the signed-in user, or for the owner of a record read or updated, only
 * updates a profile that exists; a name declared again in a sibling branch
 * is another person.
 */
import { describe, expect, it } from "vitest";
import { codes, SDK } from "./helpers.js";

const C = "track_before_identify";

describe("track_before_identify: people who already exist", () => {
  it("invalid: a record created in the handler is tracked before it is identified", () => {
    const src = `${SDK}router.post("/join", async (req, res) => {\n  const user = await db.user.create({ data: req.body });\n  await cio.track(user.id, { name: "joined" });\n  await cio.identify(user.id, { email: user.email });\n  res.json(user);\n});\n`;
    expect(codes(src, C)).toEqual([`${C}@a.ts:5`]);
  });

  it("valid: the signed-in user of the request (locals.user, req.user, session.user)", () => {
    for (const who of ["locals.user.id", "req.user.id", "req.session.user.id"]) {
      const src = `${SDK}router.post("/buy", async (req, res) => {\n  const locals = req.locals;\n  await cio.track(${who}, { name: "bought" });\n  await cio.identify(${who}, { last_bought_at: 1 });\n  res.end();\n});\n`;
      expect(codes(src, C)).toEqual([]);
    }
  });

  it("valid: the owner of a record the handler updated or looked up", () => {
    for (const verb of ["update", "findUnique", "findById"]) {
      const src = `${SDK}router.patch("/o/:id", async (req, res) => {\n  const order = await db.order.${verb}({ where: { id: req.params.id } });\n  await cio.track(order.ownerId, { name: "order_changed" });\n  await cio.identify(order.ownerId, { changed_at: 1 });\n  res.end();\n});\n`;
      expect(codes(src, C)).toEqual([]);
    }
  });

  it("valid: the same name destructured in sibling branches is two people; invalid when both calls share the branch", () => {
    const sibling = `${SDK}export async function route(req) {\n  if (req.a) {\n    const { userId } = await req.json();\n    await cio.track(userId, { name: "a" });\n    return 1;\n  }\n  if (req.b) {\n    const { userId } = await req.json();\n    await cio.identify(userId, { b: 1 });\n    return 2;\n  }\n}\n`;
    expect(codes(sibling, C)).toEqual([]);
    const shared = `${SDK}export async function route(req) {\n  if (req.a) {\n    const { userId } = await req.json();\n    await cio.track(userId, { name: "a" });\n    await cio.identify(userId, { b: 1 });\n  }\n  if (req.b) {\n    const { userId } = await req.json();\n    return userId;\n  }\n}\n`;
    expect(codes(shared, C)).toEqual([`${C}@a.ts:6`]);
  });
});
