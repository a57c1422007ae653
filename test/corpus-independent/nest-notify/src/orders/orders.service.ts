import { Injectable } from "@nestjs/common";
import { CustomerioService } from "../customerio/customerio.service";
import { UsersRepository } from "../users/users.repository";

export interface Order {
  id: string;
  userId: string;
  total: number;
  status: "pending" | "shipped";
}

@Injectable()
export class OrdersService {
  private readonly orders = new Map<string, Order>();

  constructor(
    private readonly cio: CustomerioService,
    private readonly users: UsersRepository,
  ) {}

  async get(id: string) {
    const order = this.orders.get(id);
    if (!order) throw new Error("order not found");
    return order;
  }

  async markShipped(id: string, carrier: string) {
    const order = await this.get(id);
    order.status = "shipped";
    await this.cio.track(order.userId, "order_shipped", { order_id: id, carrier });
    return order;
  }

  async recalculate(id: string) {
    const order = await this.get(id);
    order.total = Math.round(order.total * 100) / 100;
    return order;
  }

  async sendReceipt(id: string) {
    const order = await this.get(id);
    const user = await this.users.findOne(order.userId);
    return this.cio.sendReceipt(user, order.id, order.total);
  }
}
