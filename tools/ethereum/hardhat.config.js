// Hardhat's node for the lab's ethereum target (examples/hardhat.yaml). Hardhat takes its chain
// from this file, not from flags: the target puts the run's chain id, mnemonic, account count and
// balance (in ether) into each node's environment. Blocks are mined on every transaction and at
// least once a second, so the chain moves when the load stops (the liveness check needs that).
const env = (name, fallback) => process.env[name] ?? fallback;
module.exports = {
  networks: {
    hardhat: {
      chainId: Number(env("LEDGERLAB_CHAIN_ID", "31337")),
      accounts: {
        mnemonic: env("LEDGERLAB_MNEMONIC", "test test test test test test test test test test test junk"),
        count: Number(env("LEDGERLAB_ACCOUNTS", "20")),
        accountsBalance: (BigInt(env("LEDGERLAB_BALANCE", "10000")) * 10n ** 18n).toString(),
      },
      mining: { auto: true, interval: 1000 },
    },
  },
};
