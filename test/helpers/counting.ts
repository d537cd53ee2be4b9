/** Test helper: counts every property read on an object graph (a quadratic loop over it shows up here, never on the clock). */
export function counting<T extends object>(target: T, counter: { reads: number }, cache = new WeakMap<object, unknown>()): T {
  if (cache.has(target)) return cache.get(target) as T;
  const proxy = new Proxy(target, {
    get(object, key, receiver) {
      counter.reads++;
      const value = Reflect.get(object, key, receiver);
      return value && typeof value === 'object' ? counting(value as object, counter, cache) : value;
    },
  });
  cache.set(target, proxy);
  return proxy;
}
