import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from "@nestjs/common";
import { CustomerioService } from "../customerio/customerio.service";
import { UsersRepository } from "./users.repository";

class CreateUserDto {
  email!: string;
  firstName!: string;
}

@Controller("users")
export class UsersController {
  constructor(
    private readonly users: UsersRepository,
    private readonly cio: CustomerioService,
  ) {}

  @Post()
  async create(@Body() dto: CreateUserDto) {
    const user = await this.users.create(dto);
    await this.cio.identify(user);
    this.cio.fireAndForget(user.id, "account_created", { source: "api" });
    return { id: user.id };
  }

  @Get(":id")
  async findOne(@Param("id") id: string) {
    return this.users.findOne(id);
  }

  @Patch(":id/email")
  async changeEmail(@Param("id") id: string, @Body("email") email: string) {
    const user = await this.users.findOne(id);
    user.email = email;
    this.cio.identify(user).catch(() => undefined);
    return user;
  }

  @Delete(":id")
  @HttpCode(204)
  async remove(@Param("id") id: string) {
    await this.users.remove(id);
    await this.cio.track(id, "UserDeleted");
  }
}
