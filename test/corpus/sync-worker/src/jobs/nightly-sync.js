import pLimit from "p-limit";
import { syncUser, recordActivity, removeUser } from "../lib/customer-io.js";
import { sleep } from "../lib/sleep.js";

const limit = pLimit(8);

export async function syncAll(users) {
  await Promise.all(users.map((user) => syncUser(user)));
}

export async function syncAllLimited(users) {
  await Promise.all(users.map((user) => limit(() => syncUser(user))));
}

export async function syncSequential(users) {
  for (const user of users) {
    await syncUser(user);
  }
}

export async function syncPaced(users) {
  for (const user of users) {
    await syncUser(user);
    await sleep(25);
  }
}

export async function syncInBatches(users) {
  for (let i = 0; i < users.length; i += 100) {
    const batch = users.slice(i, i + 100);
    await Promise.all(batch.map(syncUser));
    await sleep(1000);
  }
}

export async function purge(ids) {
  ids.forEach((id) => removeUser(id));
}

export async function replayActivity(rows) {
  const jobs = [];
  for (const row of rows) {
    jobs.push(recordActivity(row.userId, `activity_${row.kind}`));
  }
  await Promise.allSettled(jobs);
}

export function formatUsers(users) {
  return users.map((u) => ({ id: u.id, label: u.email.toLowerCase() }));
}

export async function tagStaff() {
  for (const id of ["staff-1", "staff-2", "staff-3"]) {
    await syncUser({ id, email: `${id}@example.com`, plan: "staff", createdAt: 0, lastActiveAt: new Date(0) });
  }
}

export async function warmCaches(urls) {
  await Promise.all(urls.map((u) => fetch(u)));
}
