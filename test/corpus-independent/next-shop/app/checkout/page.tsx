import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { trackOrder } from "@/lib/events";

export default async function CheckoutPage({ searchParams }: { searchParams: { cart?: string } }) {
  const cart = await db.cart.findUnique({ where: { id: searchParams.cart ?? "" }, include: { items: true } });

  async function placeOrder(formData: FormData) {
    "use server";
    const order = await db.order.create({
      data: { cartId: String(formData.get("cart")), userId: String(formData.get("user")), total: 0, currency: "EUR" },
    });
    await trackOrder(order);
    redirect(`/orders/${order.id}`);
  }

  return (
    <form action={placeOrder}>
      <input type="hidden" name="cart" value={cart?.id} />
      <ul>{cart?.items.map((i) => <li key={i.id}>{i.title}</li>)}</ul>
      <button type="submit">Place order</button>
    </form>
  );
}
