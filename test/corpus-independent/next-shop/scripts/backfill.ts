import { TrackClient, RegionEU } from "customerio-node";
import { PrismaClient } from "@prisma/client";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const prisma = new PrismaClient();
  const cio = new TrackClient(process.env.CUSTOMERIO_SITE_ID!, process.env.CUSTOMERIO_API_KEY!, { region: RegionEU });

  const users = await prisma.user.findMany({ select: { id: true, email: true, name: true, createdAt: true } });
  console.log(`backfilling ${users.length} users`);
  for (const u of users) {
    await cio.identify(u.id, { email: u.email, name: u.name, created_at: Math.floor(u.createdAt.getTime() / 1000) });
  }

  const orders = await prisma.order.findMany({ where: { status: "paid" } });
  for (const o of orders) {
    await cio.track(o.userId, { name: "order_placed", data: { order_id: o.id, backfill: true } });
    await sleep(25);
  }
  await prisma.$disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
