/** English texts of the reviews panel. */
export const reviewsEn = {
} as const;
