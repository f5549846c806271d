import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

/** How often a page refreshes its figures by itself. */
export const REFRESH_MS = 15_000;

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  at?: Date;
  reload: () => void;
}

/** Loads data for a view, again every REFRESH_MS and whenever `keys` change, without reloading the page. */
export function useApi<T>(load: () => Promise<T>, keys: unknown[]): Loaded<T> {
  const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({});
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  useEffect(() => {
    let live = true;
    const run = () =>
      load().then(
        (data) => live && setState({ data, at: new Date() }),
        (error: ApiError) => live && setState((s) => ({ ...s, error })),
      );
    void run();
    const timer = setInterval(() => void run(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [...keys, round]);
  return { ...state, reload };
}
