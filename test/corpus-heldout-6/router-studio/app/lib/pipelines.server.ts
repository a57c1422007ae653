// Page/screen style analytics go to Data Pipelines over plain HTTP.
const WRITE_KEY = "cdp_4c1e9a7f2b6d8e30a5f7c9b1";
const AUTH = "Basic " + Buffer.from(`${WRITE_KEY}:`).toString("base64");

export function pipelinesTrack(userId: string, event: string, properties: Record<string, unknown> = {}) {
  return fetch("https://cdp.customer.io/v1/track", {
    method: "POST",
    headers: { Authorization: AUTH, "Content-Type": "application/json" },
    body: JSON.stringify({ userId, event, properties }),
  });
}
