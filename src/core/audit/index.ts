export * from './model';
export * from './types';
export * from './render';
export * from './chats';
export * from './alerts';
