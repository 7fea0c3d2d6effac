// Calendar dates in Asia/Shanghai: the shared functions live in app/domain/time.ts.
export { compactShanghaiDate, shanghaiMidnight, todayInShanghai } from '~/domain/time';
