import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import { env } from '@/config/env';
import { cioContext } from '@/middleware/cio-context';
import { billingRouter } from '@/routes/billing';
import { accountsRouter } from '@/routes/accounts';
import { authenticate } from '@/middleware/auth';

const app = new Koa();

app.use(bodyParser());
app.use(authenticate());
app.use(cioContext());
app.use(billingRouter.routes()).use(billingRouter.allowedMethods());
app.use(accountsRouter.routes()).use(accountsRouter.allowedMethods());

app.listen(env.port, () => {
  console.log(`billing-api listening on :${env.port}`);
});
