import { setTimeout as delay } from 'node:timers/promises';

export const realSleep = (ms: number): Promise<void> => delay(ms).then(() => undefined);
