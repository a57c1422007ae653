import { CallHandler, ExecutionContext, Injectable, NestInterceptor, NestMiddleware } from '@nestjs/common';
import { TrackClient, RegionUS } from 'customerio-node';
import { tap } from 'rxjs/operators';
import { CustomerIoService } from '../customerio';

@Injectable()
export class ApiUsageInterceptor implements NestInterceptor {
  constructor(private readonly cio: CustomerIoService) {}

  intercept(ctx: ExecutionContext, next: CallHandler) {
    const req = ctx.switchToHttp().getRequest();
    return next.handle().pipe(
      tap(() => {
        if (!req.user) return;
        void this.cio.event(req.user.id, `api_${req.method.toLowerCase()}_${req.route.path}`);
      }),
    );
  }
}

@Injectable()
export class FeatureUsageInterceptor implements NestInterceptor {
  constructor(private readonly cio: CustomerIoService) {}

  intercept(ctx: ExecutionContext, next: CallHandler) {
    const req = ctx.switchToHttp().getRequest();
    return next.handle().pipe(
      tap(() => {
        void this.cio.event(req.user.id, 'feature_used', { feature: req.route.path, method: req.method });
      }),
    );
  }
}

// Kept for the v1 mobile endpoints until they are retired.
@Injectable()
export class LegacyTrackingMiddleware implements NestMiddleware {
  use(req: any, _res: any, next: () => void) {
    const client = new TrackClient(process.env.CIO_SITE_ID!, process.env.CIO_TRACK_API_KEY!, { region: RegionUS });
    client.track(req.headers['x-device-user'], { name: 'legacy_api_hit', data: { path: req.path } }).catch(() => undefined);
    next();
  }
}
