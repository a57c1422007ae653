import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { CustomerioModule } from './customerio/customerio.module';
import { DigestProcessor } from './jobs/digest.processor';
import { OrdersController } from './orders/orders.controller';
import { UsersController } from './users/users.controller';
import { UsersListener } from './users/users.listener';
import { UsersService } from './users/users.service';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    EventEmitterModule.forRoot(),
    BullModule.forRoot({ connection: { url: process.env.REDIS_URL } }),
    BullModule.registerQueue({ name: 'digest' }),
    CustomerioModule,
  ],
  controllers: [UsersController, OrdersController],
  providers: [UsersService, UsersListener, DigestProcessor],
})
export class AppModule {}
