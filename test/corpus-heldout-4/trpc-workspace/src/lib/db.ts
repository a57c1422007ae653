import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from '~/lib/schema';
import { env } from '~/env';

const sql = postgres(env.DATABASE_URL, { max: 10 });

export const db = drizzle(sql, { schema });
export { schema };
