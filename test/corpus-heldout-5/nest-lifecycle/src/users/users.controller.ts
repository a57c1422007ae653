import { Body, Controller, Inject, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { TrackClient } from 'customerio-node';
import { CIO_TRACK, CustomerIoService } from '../customerio';
import { SeatGuard } from '../common/seat.guard';
import { ApiUsageInterceptor } from '../common/interceptors';
import { UsersService } from './users.service';

@Controller('users')
@UseInterceptors(ApiUsageInterceptor)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly cio: CustomerIoService,
    @Inject(CIO_TRACK) private readonly track: TrackClient,
  ) {}

  @Post()
  async create(@Body() dto: { email: string; name: string }) {
    const user = await this.users.create(dto);
    await this.cio.identify(user.id, { email: user.email, name: dto.name, created_at: Math.floor(user.createdAt.getTime() / 1000) });
    return user;
  }

  @Post(':id/upgrade')
  @UseGuards(SeatGuard)
  async upgrade(@Param('id') id: string, @Body() dto: { plan: string }) {
    const user = await this.users.setPlan(id, dto.plan);
    this.cio.event(id, 'plan-upgraded', { plan: dto.plan }).catch(() => undefined);
    return user;
  }

  @Post('guest')
  async guest(@Body() dto: { deviceId: string }) {
    const guestId = `guest_${dto.deviceId}`;
    this.track.track(guestId, { name: 'guest_started', data: { device: dto.deviceId } }).catch(() => undefined);
    this.track.identify(guestId, { anonymous: true }).catch(() => undefined);
    return { id: guestId };
  }
}
