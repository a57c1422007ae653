// Replays dead-lettered order events to the Track API by hand.
// usage: node scripts/replay-dlq.js <queue-url>
const { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } = require("@aws-sdk/client-sqs");
const Bottleneck = require("bottleneck");

const sqs = new SQSClient({ region: "eu-west-1" });
const limiter = new Bottleneck({ minTime: 20 });
const auth = Buffer.from("f2d81c0b7a3e94d6e1a5:8c3b7e1f0a9d2c6b4e5f").toString("base64");

async function replay(queueUrl) {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    if (Messages.length === 0) return;
    for (const m of Messages) {
      const { customerId, name, data } = JSON.parse(m.Body);
      await limiter.schedule(() =>
        fetch(`https://track-eu.customer.io/api/v1/customers/${encodeURIComponent(customerId)}/events`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Basic ${auth}` },
          body: JSON.stringify({ name, data }),
        }),
      );
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

replay(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
