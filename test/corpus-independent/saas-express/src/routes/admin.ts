import { Router } from "express";
import { TrackClient, RegionUS } from "customerio-node";
import { listAll, findById } from "../services/users";
import { identifyUser, forgetUser } from "../lib/customerio";

export const adminRouter = Router();

adminRouter.post("/resync", async (_req, res) => {
  const users = await listAll();
  for (const user of users) {
    await identifyUser(user);
  }
  res.json({ synced: users.length });
});

adminRouter.delete("/users/:id", async (req, res) => {
  const user = await findById(req.params.id);
  if (!user) return res.sendStatus(404);
  forgetUser(user.id).catch(() => undefined);
  res.sendStatus(204);
});

adminRouter.post("/users/:id/suppress", async (req, res) => {
  const client = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!, { region: RegionUS });
  await client.suppress(req.params.id);
  res.sendStatus(204);
});
