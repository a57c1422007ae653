import type { APIGatewayProxyHandler, S3Handler } from "aws-lambda";
import { readCsvFromS3 } from "./s3";
import { putCustomer, postEvent, github } from "./cio-http";

export const signup: APIGatewayProxyHandler = async (event) => {
  const body = JSON.parse(event.body ?? "{}");
  await putCustomer(body.id, { email: body.email, created_at: Math.round(Date.now() / 1000) });
  await postEvent(body.id, "signed_up");
  return { statusCode: 201, body: "" };
};

export const importUpload: S3Handler = async (event) => {
  const rows = await readCsvFromS3(event.Records[0]!.s3.bucket.name, event.Records[0]!.s3.object.key);
  for (const row of rows) {
    await putCustomer(row.id, { email: row.email, imported_at: Date.parse(row.importedAt) });
  }
};

export const contributors = async () => {
  const { data } = await github.get("/repos/acme/app/contributors");
  await Promise.all(data.map((c: { login: string }) => github.get(`/users/${c.login}`)));
  return { statusCode: 200, body: "" };
};

export const rawPing = async () => {
  const res = await fetch(`${process.env.CUSTOMERIO_TRACK_URL ?? "https://track.customer.io"}/api/v1/customers/ping`, { method: "PUT", body: "{}" });
  return { statusCode: res.status, body: "" };
};

export const stamp = async (event: { id: string; at: string }) => {
  await putCustomer(event.id, { seen_at: Math.floor(new Date(event.at).getTime() / 1000), seen_iso: new Date(event.at).toISOString() });
  return { statusCode: 204, body: "" };
};
