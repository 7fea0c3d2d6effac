export const REQUIRED_GLIBC: [number, number];
export class EngineUnavailableError extends Error {}
export function hostGlibcVersion(): number[] | null;
export function glibcIsNewEnough(version: number[] | null): boolean;
export function glibcLauncher(options?: { cacheDir?: string; log?: (m: string) => void }): string[];
