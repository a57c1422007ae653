import { Body, Controller, Param, Post, Get } from "@nestjs/common";
import { CustomerioService } from "../customerio/customerio.service";

@Controller("users")
export class UsersController {
  constructor(private readonly customerio: CustomerioService) {}

  @Post()
  async create(@Body() body: { id: string; email: string; createdAt: number }) {
    await this.customerio.identify(body.id, { email: body.email, created_at: Date.now() });
    return { id: body.id };
  }

  @Post(":id/upgrade")
  async upgrade(@Param("id") id: string, @Body() body: { plan: string }) {
    await this.customerio.track(id, "plan_upgraded", { plan: body.plan });
    return { ok: true };
  }

  @Post(":id/seen")
  seen(@Param("id") id: string) {
    this.customerio.trackLater(id, "dashboard_seen");
    return { ok: true };
  }

  @Get(":id")
  async find(@Param("id") id: string) {
    return { id };
  }
}
