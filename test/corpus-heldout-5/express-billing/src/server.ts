import express from 'express';
import pinoHttp from 'pino-http';
import { env } from '@lib/index';
import { authRouter } from './routes/auth';
import { ordersRouter } from './routes/orders';

const app = express();
app.use(express.json());
app.use(pinoHttp());
app.use('/auth', authRouter);
app.use('/orders', ordersRouter);

app.listen(env.PORT, () => console.log(`billing api on :${env.PORT}`));
