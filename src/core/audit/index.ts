export * from './model';
export * from './render';
export * from './chats';
export * from './alerts';
