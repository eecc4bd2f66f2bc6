/** English texts of the consumer-group panel. */
export const consumerGroupEn = {
} as const;
