import got from "got";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3Handler } from "aws-lambda";

const s3 = new S3Client({});
const auth = "Basic " + Buffer.from(`${process.env.CIO_SITE_ID}:${process.env.CIO_API_KEY}`).toString("base64");

export const handler: S3Handler = async (event) => {
  for (const record of event.Records) {
    const obj = await s3.send(new GetObjectCommand({ Bucket: record.s3.bucket.name, Key: record.s3.object.key }));
    const text = await obj.Body!.transformToString();
    const rows = text.split("\n").filter(Boolean).map((line) => {
      const [id, email, plan] = line.split(",");
      return { id, email, plan };
    });
    for (const row of rows) {
      await got.put(`https://track-eu.customer.io/api/v1/customers/${row.id}`, {
        headers: { Authorization: auth },
        json: { email: row.email, plan: row.plan },
      });
    }
  }
};
