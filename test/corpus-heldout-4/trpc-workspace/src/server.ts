import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { router, createContext } from '~/trpc';
import { projectRouter } from '~/routers/project';
import { authRouter } from '~/routers/auth';
import { adminRouter } from '~/routers/admin';
import { env } from '~/env';

export const appRouter = router({
  project: projectRouter,
  auth: authRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

createHTTPServer({ router: appRouter, createContext }).listen(env.PORT);
console.log(`workspace-api listening on ${env.PORT}`);
