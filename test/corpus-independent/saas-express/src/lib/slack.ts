const SLACK_WEBHOOK = process.env.SLACK_WEBHOOK_URL ?? "";

export async function notifySlack(text: string) {
  if (!SLACK_WEBHOOK) return;
  const res = await fetch(SLACK_WEBHOOK, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text }),
  });
  if (!res.ok) throw new Error(`slack responded ${res.status}`);
}
