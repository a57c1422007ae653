export * from './customerio.module';
export * from './customerio.service';
