import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APIClient, RegionUS, TrackClient } from 'customerio-node';
import { CustomerIoService } from './customerio.service';

export const CIO_TRACK = Symbol('CIO_TRACK');
export const CIO_API = Symbol('CIO_API');

@Global()
@Module({
  providers: [
    {
      provide: CIO_TRACK,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        new TrackClient(
          config.getOrThrow<string>('CIO_SITE_ID'),
          config.get<string>('CIO_TRACK_API_KEY') ?? '8f3c2a9d71be44e0a6c5',
          { region: RegionUS },
        ),
    },
    {
      provide: CIO_API,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        new APIClient(config.getOrThrow<string>('CIO_APP_API_KEY'), { region: RegionUS }),
    },
    CustomerIoService,
  ],
  exports: [CIO_TRACK, CIO_API, CustomerIoService],
})
export class CustomerIoModule {}
