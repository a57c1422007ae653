const express = require("express");
const customerio = require("../lib/customerio");
const { track, trackQuietly } = require("../lib/customerio");

const router = express.Router();

router.post("/users", async function (req, res, next) {
  try {
    await customerio.identify({ id: req.body.id, email: req.body.email, firstName: req.body.firstName, createdAt: new Date().getTime() });
    res.status(201).json({ id: req.body.id });
  } catch (err) {
    next(err);
  }
});

router.post("/users/:id/preferences", async function (req, res) {
  trackQuietly(req.params.id, "preferences_updated", req.body);
  res.json({ ok: true });
});

router.post("/users/:id/viewed", async function (req, res) {
  await track(req.params.id, "viewed_" + req.body.page, {});
  res.json({ ok: true });
});

router.get("/users/lookup", async function (req, res) {
  const result = await customerio.lookup(req.query.email);
  res.json(result);
});

module.exports = router;

router.post("/users/:id/plan", async function (req, res) {
  const eventName = req.body.annual ? "plan_annual_selected" : "plan_monthly_selected";
  res.json({ ok: true });
  await track(req.params.id, eventName, { plan: req.body.plan });
});
