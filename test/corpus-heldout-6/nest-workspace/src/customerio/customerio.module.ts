import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APIClient, RegionEU, TrackClient } from 'customerio-node';
import { CustomerioService } from './customerio.service';

export const CIO_TRACK = Symbol('CIO_TRACK');
export const CIO_API = Symbol('CIO_API');
export const CIO_REPORTING = Symbol('CIO_REPORTING');

@Global()
@Module({
  providers: [
    {
      provide: CIO_TRACK,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        new TrackClient(config.getOrThrow('CIO_SITE_ID'), config.getOrThrow('CIO_TRACK_API_KEY'), {
          region: RegionEU,
        }),
    },
    {
      provide: CIO_API,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        new APIClient(config.getOrThrow('CIO_APP_API_KEY'), { region: RegionEU }),
    },
    {
      // Read-only client for the nightly export; temporary until vault lands.
      provide: CIO_REPORTING,
      useValue: new APIClient('9b2f6d1e8c4a7053e1d2b6f9a8c4e7d1', { region: RegionEU }),
    },
    CustomerioService,
  ],
  exports: [CustomerioService, CIO_TRACK, CIO_API, CIO_REPORTING],
})
export class CustomerioModule {}
