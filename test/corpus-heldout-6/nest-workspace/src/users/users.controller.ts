import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { CustomerioService } from '../customerio/customerio.service';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly cio: CustomerioService,
    private readonly events: EventEmitter2,
  ) {}

  @Post()
  async create(@Body() body: { email: string; name: string }) {
    const user = await this.users.create(body);
    await this.cio.identify(user.id, {
      email: user.email,
      name: user.name,
      created_at: Math.floor(user.createdAt.getTime() / 1000),
    });
    return { id: user.id };
  }

  @Post(':id/upgrade')
  @HttpCode(202)
  async upgrade(@Param('id') id: string, @Body() body: { plan: string }) {
    const user = await this.users.changePlan(id, body.plan);
    this.events.emit('user.upgraded', { userId: user.id, plan: body.plan });
    return { plan: user.plan };
  }

  @Post(':id/delete')
  @HttpCode(204)
  async remove(@Param('id') id: string) {
    const user = await this.users.softDelete(id);
    this.events.emit('user.deleted', { userId: user.id, email: user.email });
  }

  @Post(':id/verify')
  async verify(@Param('id') id: string) {
    const user = await this.users.markVerified(id);
    await this.cio.track(user.id, 'email_verified', { verified_at: user.verifiedAt.getTime() });
    return { verified: true };
  }
}
