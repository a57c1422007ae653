import { APIClient, RegionUS } from "customerio-node";
import pLimit from "p-limit";
import { loadAccounts } from "../src/accounts";

const api = new APIClient(process.env.CIO_APP_API_KEY!, { region: RegionUS });
const limit = pLimit(5);

export async function run() {
  const accounts = await loadAccounts();
  await Promise.all(
    accounts.map((a) => limit(() => api.sendEmail({ transactional_message_id: "welcome", to: a.ownerEmail, identifiers: { id: a.ownerId } } as never))),
  );
}

await run();
