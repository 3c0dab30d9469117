export * from './codes';
export * from './common';
export * from './organizations';
export * from './areas';
export * from './parties';
export * from './access-statuses';
export * from './stats';
export * from './auth';
