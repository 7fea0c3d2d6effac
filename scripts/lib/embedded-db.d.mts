export class EngineUnavailableError extends Error {}
export const projectRoot: string;
export function startEmbeddedDb(options: {
  dataDir: string;
  port?: number;
  cacheDir?: string;
  log?: (message: string) => void;
}): Promise<{ uri: string; stop: () => Promise<void> }>;
