import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { readFileSync } from "node:fs";
import { resolvers, createLoaders, type Ctx } from "./graphql/resolvers.js";
import { db } from "./db/index.js";

const typeDefs = readFileSync(new URL("./graphql/schema.graphql", import.meta.url), "utf8");

const server = new ApolloServer<Ctx>({ typeDefs, resolvers });

const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT ?? 4000) },
  context: async ({ req }) => ({
    user: req.headers["x-user-id"] ? await db.user(String(req.headers["x-user-id"])) : null,
    loaders: createLoaders(),
  }),
});
console.log(`graphql ready at ${url}`);
