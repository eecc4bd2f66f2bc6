/** Temporary: an adapter whose every method throws until its real implementation lands (next commits). */
export function notBuiltYet<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      return () => {
        throw new Error(`${what}.${String(property)} is not built yet`);
      };
    },
  });
}
