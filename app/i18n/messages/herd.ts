export default {
  zh: { herd: { event: '存栏变动' } },
  en: { herd: { event: 'Herd event' } },
} as const;
