import { TrackClient } from "customerio-node";

const DEMO = [
  { id: "demo-1", email: "ada@example.com" },
  { id: "demo-2", email: "alan@example.com" },
];

export async function seed() {
  const cio = new TrackClient("f1e2d3c4b5a697887766", "9a8b7c6d5e4f3a2b1c0d9e8f");
  for (const user of DEMO) {
    await cio.identify(user.id, { email: user.email, seeded: true });
  }
}
