import Koa from "koa";
import Router from "@koa/router";
import { tracking } from "../shared/tracking";

const app = new Koa();
const router = new Router();

router.post("/signup", async (ctx) => {
  const { id, email } = ctx.request.body as { id: string; email: string };
  await tracking.signup(id, email);
  ctx.status = 201;
});

router.post("/share", async (ctx) => {
  const { id, network } = ctx.request.body as { id: string; network: string };
  tracking.later(id, "content_shared");
  ctx.body = { network };
});

app.use(async (ctx, next) => {
  await next();
  ctx.set("x-served-by", "koa");
});
app.use(router.routes());
app.listen(3001);
