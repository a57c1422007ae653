import express from "express";
import { Analytics } from "@customerio/cdp-analytics-node";
import { PipelinesClient } from "customerio-node";

const app = express();
const analytics = new Analytics({ writeKey: process.env.CIO_CDP_WRITE_KEY! });
const pipelines = new PipelinesClient(process.env.CIO_CDP_WRITE_KEY!);

app.post("/events", express.json(), (req, res) => {
  analytics.track({ userId: req.body.userId, event: "Feature Used", properties: { feature: req.body.feature } });
  res.sendStatus(202);
});

app.post("/identify", express.json(), async (req, res) => {
  await pipelines.identify({ userId: req.body.userId, traits: { email: req.body.email } });
  res.sendStatus(204);
});

app.post("/search", express.json(), async (req, res) => {
  await pipelines.track({ userId: req.body.userId, event: `Searched ${req.body.query}` });
  res.sendStatus(204);
});

app.post("/contact", express.json(), (req, res) => {
  pipelines.track({ userId: req.body.userId, event: `Contacted ${req.body.email}` }).catch(() => {});
  res.sendStatus(204);
});

process.on("SIGTERM", () => {
  analytics.closeAndFlush().then(() => process.exit(0));
});

app.listen(8080);

export async function backfillTraits(users: Array<{ id: string; plan: string }>) {
  for (const user of users) {
    analytics.identify({ userId: user.id, traits: { plan: user.plan } });
  }
  await analytics.closeAndFlush();
}
