import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { eq } from "drizzle-orm";
import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { Cookies } from "@sveltejs/kit";
import { DATABASE_URL } from "$env/static/private";

export const schema = {
  users: pgTable("users", {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    newsletter: text("newsletter"),
    createdAt: timestamp("created_at").defaultNow().notNull(),
  }),
  sessions: pgTable("sessions", {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull(),
  }),
  products: pgTable("products", {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    sku: text("sku").notNull(),
    category: text("category").notNull(),
    priceCents: integer("price_cents").notNull(),
  }),
  cartItems: pgTable("cart_items", {
    userId: uuid("user_id").notNull(),
    sku: text("sku").notNull(),
    qty: integer("qty").notNull(),
  }),
  orders: pgTable("orders", {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id"),
    email: text("email").notNull(),
    totalCents: integer("total_cents").notNull(),
    placedAt: timestamp("placed_at").defaultNow().notNull(),
  }),
};

export const db = drizzle(postgres(DATABASE_URL), { schema });

export async function readSession(cookies: Cookies) {
  const sid = cookies.get("fh_sid");
  if (!sid) return null;
  const row = await db.query.sessions.findFirst({ where: eq(schema.sessions.id, sid) });
  if (!row) return null;
  return (await db.query.users.findFirst({ where: eq(schema.users.id, row.userId) })) ?? null;
}

export async function createSession(cookies: Cookies, userId: string) {
  const [row] = await db.insert(schema.sessions).values({ userId }).returning();
  cookies.set("fh_sid", row.id, { path: "/", httpOnly: true, sameSite: "lax", secure: true });
}
