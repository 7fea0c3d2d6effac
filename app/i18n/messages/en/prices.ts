// Reference market prices (English).
export default {
  prices: {
    title: 'Market prices',
    intro:
      'Each product’s reference price per day. A delivery under a contract keeps the price of its day with it, so a later change here never rewrites a priced delivery.',
    product: 'Product',
    day: 'Day',
    yuan: 'Reference price (CNY per kg or per head)',
    price: 'Reference price',
    note: 'Source note',
    source: 'Source',
    sources: { manual: 'Entered', feed: 'Price feed' },
    fetch: 'Fetch from the price feed',
    fetched_one: '1 price fetched from the feed; products not in the catalog: {{unknown}}',
    fetched_other: '{{count}} prices fetched from the feed; products not in the catalog: {{unknown}}',
    feedTimeout: 'The price feed did not answer in time; no prices were fetched. Try again later',
    feedUnreachable: 'The price feed could not be reached; no prices were fetched',
    feedStatus: 'The price feed answered with an error ({{status}}); no prices were fetched',
    feedBad: 'The price feed answered with data in the wrong shape; no prices were fetched',
  },
};
