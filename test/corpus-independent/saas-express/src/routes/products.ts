import { Router } from "express";
import { trackEvent } from "../lib/customerio";
import { logError } from "../lib/logger";

export const productsRouter = Router();

const catalog = [
  { id: "sku_basic", title: "Basic", price: 900 },
  { id: "sku_pro", title: "Pro", price: 2900 },
];

productsRouter.get("/:id", (req, res) => {
  const product = catalog.find((p) => p.id === req.params.id);
  if (!product) return res.sendStatus(404);
  const userId = String(req.headers["x-user-id"] ?? "");
  trackEvent(userId, `viewed_${product.id}`, { price: product.price }).catch(logError("view"));
  trackEvent(userId, "product_viewed", { product_id: product.id }).catch(logError("view"));
  res.json(product);
});

productsRouter.post("/:id/wishlist", async (req, res) => {
  const userId = String(req.headers["x-user-id"] ?? "");
  void trackEvent(userId, "wishlist_added", { product_id: req.params.id });
  res.status(202).json({ ok: true });
});
