#!/usr/bin/env node
// Prints the workspace's segments so we can wire ids into remote config.
const https = require("node:https");

const req = https.request(
  "https://api.customer.io/v1/segments",
  { headers: { Authorization: "Bearer 0f6e3c9a1b7d4e2f8a5c6b3d9e1f7a2c", Accept: "application/json" } },
  (res) => {
    let body = "";
    res.on("data", (chunk) => (body += chunk));
    res.on("end", () => {
      for (const s of JSON.parse(body).segments ?? []) console.log(`${s.id}\t${s.name}`);
    });
  },
);
req.on("error", (err) => {
  console.error(err.message);
  process.exit(1);
});
req.end();
