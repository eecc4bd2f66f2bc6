/**
 * Jest gives each test file its own copy of `process`: listeners added to it are never called,
 * because Node reports unhandled rejections and uncaught exceptions on the real one. A function
 * built by a core module's realm (where `process` is the real one) reaches it.
 */
import util from 'node:util';

export const realProcess = (util.inspect.constructor as FunctionConstructor)('return process')() as NodeJS.Process;

/** Records every unhandled rejection and uncaught exception until `stop()`. */
export function watchCrashes(onCrash: (kind: 'unhandledRejection' | 'uncaughtException', err: unknown) => void = () => undefined) {
  const crashes: string[] = [];
  const listener = (kind: 'unhandledRejection' | 'uncaughtException') => (err: unknown) => {
    crashes.push(`${kind}: ${err instanceof Error ? err.message : String(err)}`);
    onCrash(kind, err);
  };
  const onRejection = listener('unhandledRejection');
  const onException = listener('uncaughtException');
  realProcess.on('unhandledRejection', onRejection);
  realProcess.on('uncaughtException', onException);
  return {
    crashes,
    stop: () => {
      realProcess.off('unhandledRejection', onRejection);
      realProcess.off('uncaughtException', onException);
    },
  };
}
