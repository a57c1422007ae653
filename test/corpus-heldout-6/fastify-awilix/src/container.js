import { asClass, asFunction, asValue, createContainer, InjectionMode, Lifetime } from 'awilix';
import { APIClient, RegionEU, RegionUS, TrackClient } from 'customerio-node';
import { config } from './config.js';
import { MessagingService } from './services/messaging.js';

const region = config.cio.region === 'eu' ? RegionEU : RegionUS;

export const container = createContainer({ injectionMode: InjectionMode.PROXY });

container.register({
  config: asValue(config),
  cioTrack: asFunction(() => new TrackClient(config.cio.siteId, config.cio.trackKey, { region })).singleton(),
  cioApi: asFunction(() => new APIClient(config.cio.appKey, { region })).singleton(),
  messaging: asClass(MessagingService, { lifetime: Lifetime.SINGLETON }),
});
