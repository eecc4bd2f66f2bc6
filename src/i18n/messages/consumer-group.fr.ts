import type { consumerGroupEn } from './consumer-group.en';

/** Textes français du panneau consumer-group. */
export const consumerGroupFr: Record<keyof typeof consumerGroupEn, string> = {
};
