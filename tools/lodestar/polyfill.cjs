// Promise.withResolvers (ES2024) for Node 20: Lodestar 1.5.1's libp2p calls it. Loaded by
// lodestar-node through NODE_OPTIONS=--require; does nothing on a Node that has it.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve, reject;
    const promise = new this((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
