import * as functions from "@google-cloud/functions-framework";
import { Analytics } from "@customerio/cdp-analytics-node";

const analytics = new Analytics({ writeKey: process.env.CIO_WRITE_KEY!, host: "https://cdp-eu.customer.io" });

functions.http("formWebhook", async (req, res) => {
  const { userId, formId } = req.body as { userId: string; formId: string };
  analytics.track({ userId, event: "form_completed", properties: { form_id: formId } });
  res.status(204).send();
});

functions.http("formWebhookFlushed", async (req, res) => {
  const { userId, formId } = req.body as { userId: string; formId: string };
  analytics.track({ userId, event: "form_completed", properties: { form_id: formId, flushed: true } });
  await analytics.closeAndFlush();
  res.status(204).send();
});
