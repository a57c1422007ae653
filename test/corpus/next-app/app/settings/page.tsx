import { updatePlan } from "./actions";

export default function SettingsPage() {
  return (
    <form action={async (data: FormData) => { "use server"; await updatePlan(String(data.get("id")), String(data.get("plan"))); }}>
      <button type="submit">Save</button>
    </form>
  );
}
