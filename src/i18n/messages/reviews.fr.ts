import type { reviewsEn } from './reviews.en';

/** Textes français du panneau reviews. */
export const reviewsFr: Record<keyof typeof reviewsEn, string> = {
};
