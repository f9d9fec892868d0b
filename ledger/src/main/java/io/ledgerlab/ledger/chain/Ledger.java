package io.ledgerlab.ledger.chain;

import io.ledgerlab.chaincode.Outcome;
import io.ledgerlab.ledger.block.Block;
import io.ledgerlab.ledger.block.Receipt;
import io.ledgerlab.ledger.chaincode.ChainCodeRegistry;
import io.ledgerlab.ledger.chaincode.CodeSource;
import io.ledgerlab.ledger.chaincode.TokenChainCode;
import io.ledgerlab.ledger.crypto.Address;
import io.ledgerlab.ledger.crypto.Hash;
import io.ledgerlab.ledger.exec.Accounts;
import io.ledgerlab.ledger.exec.BlockExecutor;
import io.ledgerlab.ledger.exec.Codes;
import io.ledgerlab.ledger.exec.ExecutedBlock;
import io.ledgerlab.ledger.exec.GenesisState;
import io.ledgerlab.ledger.exec.Governance;
import io.ledgerlab.ledger.exec.TxRules;
import io.ledgerlab.ledger.genesis.Genesis;
import io.ledgerlab.ledger.genesis.GenesisException;
import io.ledgerlab.ledger.gov.ProposalStatus;
import io.ledgerlab.ledger.state.Account;
import io.ledgerlab.ledger.state.CorruptStateException;
import io.ledgerlab.ledger.state.StateReader;
import io.ledgerlab.ledger.state.StateStore;
import io.ledgerlab.ledger.store.ChainHead;
import io.ledgerlab.ledger.store.ChainStore;
import io.ledgerlab.runtime.disk.Disk;
import io.ledgerlab.runtime.disk.WriteBatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The committed chain of one node: blocks, receipts and state on its disk, and the head that ties
 * them together. A block, its receipts, its state changes and the new head go to disk in one atomic
 * batch followed by the durability barrier, so a crash loses a whole block or nothing.
 */
public final class Ledger {
  private final Disk disk;
  private final Genesis genesis;
  private final StateStore state;
  private final ChainStore chain;
  private final TxRules rules;
  private final BlockExecutor executor;
  private ChainHead head;

  private final CodeSource codeSource;

  private Ledger(Disk disk, Genesis genesis, ChainCodeRegistry registry, CodeSource codeSource) {
    this.disk = disk;
    this.genesis = genesis;
    this.state = new StateStore(disk);
    this.chain = new ChainStore(disk);
    this.codeSource = codeSource;
    Codes codes = new Codes(registry, codeSource);
    this.rules = new TxRules(genesis, codes);
    this.executor = new BlockExecutor(rules, codes, genesis.params(), state);
  }

  /** Opens the chain for a node that carries no chain code beyond its genesis. */
  public static Ledger open(Disk disk, Genesis genesis, ChainCodeRegistry registry)
      throws GenesisException {
    return open(disk, genesis, registry, CodeSource.NONE);
  }

  /**
   * Opens the chain on {@code disk}: writes genesis on an empty disk, otherwise recovers the last
   * committed block and checks that the disk belongs to this genesis. Chain code that governance
   * installs after genesis comes from {@code codeSource}.
   */
  public static Ledger open(
      Disk disk, Genesis genesis, ChainCodeRegistry registry, CodeSource codeSource)
      throws GenesisException {
    for (Map.Entry<String, Integer> cc : genesis.chainCodes().entrySet()) {
      if (registry.find(cc.getKey(), cc.getValue()).isEmpty()) {
        throw new GenesisException(
            "genesis puts chain code "
                + cc.getKey()
                + " version "
                + cc.getValue()
                + " in force, which this node does not carry");
      }
    }
    for (Genesis.ScheduledUpgrade u : genesis.upgrades()) {
      if (registry.find(u.chainCode(), u.version()).isEmpty()) {
        throw new GenesisException(
            "genesis schedules "
                + u.chainCode()
                + " version "
                + u.version()
                + " at height "
                + u.height()
                + ", which this node does not carry");
      }
    }
    Ledger ledger = new Ledger(disk, genesis, registry, codeSource);
    Optional<ChainHead> stored = ledger.chain.head();
    if (stored.isEmpty()) {
      ledger.writeGenesis();
    } else {
      ledger.recover(stored.get());
    }
    return ledger;
  }

  private void writeGenesis() {
    StateStore.Staged staged = state.stage(GenesisState.writes(genesis, state));
    Hash genesisHash = genesis.hash();
    ChainHead genesisHead =
        new ChainHead(0, genesisHash, staged.root(), genesis.genesisTimeMicros(), genesisHash);
    WriteBatch batch = new WriteBatch();
    staged.addTo(batch);
    chain.putHead(genesisHead, batch);
    disk.write(batch);
    disk.sync();
    state.committed(staged);
    head = genesisHead;
  }

  private void recover(ChainHead stored) throws GenesisException {
    if (!stored.genesisHash().equals(genesis.hash())) {
      throw new GenesisException(
          "the data on disk belongs to another chain: its genesis hash is "
              + stored.genesisHash().shortHex()
              + ", this genesis hashes to "
              + genesis.hash().shortHex());
    }
    state.reload();
    if (!state.root().equals(stored.stateRoot())) {
      throw new CorruptStateException(
          "state root on disk "
              + state.root().shortHex()
              + " differs from the head's "
              + stored.stateRoot().shortHex(),
          null);
    }
    head = stored;
  }

  /** Commits a block that needs no certificate: the single-validator dev chain. */
  public void commit(ExecutedBlock executed) {
    commit(executed, null);
  }

  /**
   * Writes {@code executed}, its state and the certificate that decided it atomically, then waits
   * for the durability barrier.
   */
  public void commit(
      ExecutedBlock executed, io.ledgerlab.ledger.block.CommitCertificate certificate) {
    if (!executed.parent().equals(head)) {
      throw new IllegalStateException(
          "block "
              + executed.block().height()
              + " was executed on "
              + executed.parent().height()
              + " but the head is "
              + head.height());
    }
    Block block = executed.block();
    ChainHead next =
        new ChainHead(
            block.height(),
            block.hash(),
            executed.state().root(),
            block.header().timeMicros(),
            head.genesisHash());
    WriteBatch batch = new WriteBatch();
    executed.state().addTo(batch);
    chain.putBlock(block, executed.receipts(), batch);
    if (certificate != null) {
      chain.putCertificate(certificate, batch);
    }
    chain.putHead(next, batch);
    disk.write(batch);
    disk.sync();
    state.committed(executed.state());
    head = next;
  }

  /**
   * Canary {@link io.ledgerlab.ledger.consensus.Canary#CORRUPT_STATE}: writes a balance for an
   * account nobody holds straight into the stored state, behind the state tree's back, as a storage
   * bug would. The node's state no longer rebuilds to the root it committed to.
   */
  public void corruptStateForCanary() {
    byte[] flatKey =
        io.ledgerlab.ledger.state.StateKeys.concat(
            new byte[] {'s'},
            io.ledgerlab.ledger.state.StateKeys.account(
                io.ledgerlab.ledger.crypto.Address.of(new byte[20])));
    disk.write(
        new WriteBatch().put(flatKey, new io.ledgerlab.ledger.state.Account(1_000, 0).encode()));
    disk.sync();
  }

  public ChainHead head() {
    return head;
  }

  public long height() {
    return head.height();
  }

  public Genesis genesis() {
    return genesis;
  }

  public String chainId() {
    return genesis.chainId();
  }

  /** Where this node finds chain code installed by governance. */
  public CodeSource codeSource() {
    return codeSource;
  }

  /** Governance proposal {@code id} as it stands at the committed head. */
  public Optional<ProposalStatus> proposal(long id) {
    return rules.governance().status(state, id, head.height());
  }

  /** How many governance proposals the committed chain holds; the next id is one more. */
  public long proposalCount() {
    return Governance.proposalCount(state);
  }

  public TxRules rules() {
    return rules;
  }

  public BlockExecutor executor() {
    return executor;
  }

  /** The committed state; reads see only committed blocks. */
  public StateReader state() {
    return state;
  }

  public Account account(Address address) {
    return Accounts.get(state, address);
  }

  public Outcome query(String chainCode, String method, byte[] args) {
    return executor.query(state, head, chainCode, method, args);
  }

  /** The token supply recorded at genesis, which no transaction can change. */
  public long recordedSupply() {
    Outcome out = query(TokenChainCode.NAME, TokenChainCode.TOTAL_SUPPLY, new byte[0]);
    return out.succeeded() ? new java.math.BigInteger(1, out.result()).longValueExact() : 0;
  }

  public Optional<Block> block(long height) {
    return chain.block(height);
  }

  public List<Receipt> receipts(long height) {
    return chain.receipts(height);
  }

  public Optional<io.ledgerlab.ledger.block.CommitCertificate> certificate(long height) {
    return chain.certificate(height);
  }

  public boolean hasEvidence(Hash evidenceHash) {
    return chain.hasEvidence(evidenceHash);
  }

  public Optional<ChainStore.TxLocation> findTx(Hash txHash) {
    return chain.findTx(txHash);
  }
}
