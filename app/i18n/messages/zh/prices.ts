// Reference market prices.
export default {
  prices: {
    title: '市场价格',
    intro:
      '各产品每天的市场参考价。按合同交售时，当天的参考价随交售记录一起保存，以后修改不影响已计价的交售。',
    product: '产品',
    day: '日期',
    yuan: '参考价（元/千克或元/头）',
    price: '参考价',
    note: '来源说明',
    source: '来源',
    sources: { manual: '手工录入', feed: '行情源' },
    fetch: '从行情源获取',
    fetched: '已从行情源获取 {{count}} 条价格；目录中没有的产品：{{unknown}}',
    feedTimeout: '行情源长时间无响应，未获取到价格，请稍后再试',
    feedUnreachable: '无法连接行情源，未获取到价格',
    feedStatus: '行情源返回错误（{{status}}），未获取到价格',
    feedBad: '行情源返回的数据格式不对，未获取任何价格',
  },
};
