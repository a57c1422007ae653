import { Body, Controller, Param, Post } from "@nestjs/common";
import { OrdersService } from "./orders.service";
import { trackLegacyEvent } from "../legacy/legacy-tracker";

@Controller("orders")
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post(":id/ship")
  async ship(@Param("id") id: string, @Body("carrier") carrier: string) {
    const order = await this.orders.markShipped(id, carrier);
    return { id: order.id, status: order.status };
  }

  @Post(":id/recalculate")
  async recalc(@Param("id") id: string) {
    return this.orders.recalculate(id);
  }

  @Post(":id/receipt")
  async receipt(@Param("id") id: string) {
    await this.orders.sendReceipt(id);
    return { sent: true };
  }

  @Post(":id/legacy-ping")
  legacyPing(@Param("id") id: string) {
    void trackLegacyEvent(id, "legacy_ping");
    return { queued: true };
  }
}
