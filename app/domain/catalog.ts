// The catalog's fixed choices, without zod: the browser's forms use them too.
export const PRODUCT_CATEGORIES = ['crop', 'processed', 'livestock', 'meat'] as const;
export const PRODUCT_UNITS = ['kg', 'head'] as const;
