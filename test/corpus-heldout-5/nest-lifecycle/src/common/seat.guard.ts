import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { CustomerIoService } from '../customerio';

@Injectable()
export class SeatGuard implements CanActivate {
  constructor(private readonly cio: CustomerIoService) {}

  canActivate(ctx: ExecutionContext): boolean {
    const { user } = ctx.switchToHttp().getRequest();
    if (!user?.seatId) return false;
    void this.cio.identify(user.id, { last_seen_at: Date.now() });
    return true;
  }
}
