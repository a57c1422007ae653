import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Mutation } from "./resolvers/mutations";
import { Query } from "./resolvers/queries";
import { customerio } from "./analytics";

const typeDefs = `#graphql
  type Query { posts: [String] eventNames: [String] }
  type Mutation { createPost(title: String!): String }
`;

const server = new ApolloServer({ typeDefs, resolvers: { Query, Mutation } });

await customerio.identify("system", { booted_at: Math.floor(Date.now() / 1000) });

const { url } = await startStandaloneServer(server, {
  context: async ({ req }) => ({ memberId: String(req.headers["x-member"] ?? ""), member: { email: "", displayName: "" } }),
});
console.log(url);
