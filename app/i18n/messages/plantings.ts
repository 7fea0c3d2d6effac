export default {
  zh: {},
  en: {},
} as const;
