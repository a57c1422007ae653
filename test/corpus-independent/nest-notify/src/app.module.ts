import { Module } from "@nestjs/common";
import { ConfigModule } from "@nestjs/config";
import { BullModule } from "@nestjs/bullmq";
import { ScheduleModule } from "@nestjs/schedule";
import customerioConfig from "./config/customerio.config";
import { CustomerioService } from "./customerio/customerio.service";
import { UsersController } from "./users/users.controller";
import { UsersRepository } from "./users/users.repository";
import { OrdersController } from "./orders/orders.controller";
import { OrdersService } from "./orders/orders.service";
import { ReminderProcessor } from "./jobs/reminder.processor";
import { SyncCron } from "./jobs/sync.cron";

@Module({
  imports: [
    ConfigModule.forRoot({ load: [customerioConfig] }),
    ScheduleModule.forRoot(),
    BullModule.forRoot({ connection: { host: process.env.REDIS_HOST ?? "localhost", port: 6379 } }),
    BullModule.registerQueue({ name: "reminders" }),
  ],
  controllers: [UsersController, OrdersController],
  providers: [CustomerioService, UsersRepository, OrdersService, ReminderProcessor, SyncCron],
})
export class AppModule {}
