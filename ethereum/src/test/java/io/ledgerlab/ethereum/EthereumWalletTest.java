package io.ledgerlab.ethereum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerlab.lab.engine.RealTimeline;
import io.ledgerlab.lab.target.Cluster;
import io.ledgerlab.lab.target.Op;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.LegacyTransaction;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;

class EthereumWalletTest {
  /** The mnemonic anvil and Hardhat fund by default, with their well-known first accounts. */
  private static final String DEV_MNEMONIC =
      "test test test test test test test test test test test junk";

  private static final Settings NATIVE = new Settings(false, false);

  private final RealTimeline time = new RealTimeline(e -> {});

  @AfterEach
  void close() {
    time.close();
  }

  @Test
  void accountsAreTheOnesDevNodesFundFromTheSameMnemonic() {
    Accounts a = Accounts.derive(DEV_MNEMONIC, 2);

    assertThat(a.address(0)).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    assertThat(a.address(1)).isEqualTo("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  }

  @Test
  void aTransferIsAnEip1559TransactionSignedByItsSenderForTheChain() throws Exception {
    Accounts a = Accounts.derive(DEV_MNEMONIC, 3);
    EthereumWallet wallet =
        new EthereumWallet(a, 31337, NATIVE, new Token(), new Store(), cluster());

    EthTx tx = wallet.signed(1, 7, new Op.Transfer("transfer", 1, 2, 5));

    SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(tx.rawHex());
    assertThat(decoded.getFrom()).isEqualTo(a.address(1));
    assertThat(decoded.getTransaction()).isInstanceOf(Transaction1559.class);
    assertThat(((Transaction1559) decoded.getTransaction()).getChainId()).isEqualTo(31337L);
    assertThat(decoded.getNonce()).isEqualTo(BigInteger.valueOf(7));
    assertThat(decoded.getTo()).isEqualTo(a.address(2));
    assertThat(decoded.getValue()).isEqualTo(BigInteger.valueOf(5));
    assertThat(tx.id())
        .isEqualTo(Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(tx.rawHex()))));
  }

  @Test
  void anotherChainIdGivesAnotherSignatureSoNoReplayAcrossChains() throws Exception {
    Accounts a = Accounts.derive(DEV_MNEMONIC, 2);
    Op.Transfer op = new Op.Transfer("transfer", 0, 1, 1);

    EthTx here =
        new EthereumWallet(a, 31337, NATIVE, new Token(), new Store(), cluster()).signed(0, 0, op);
    EthTx there =
        new EthereumWallet(a, 1, NATIVE, new Token(), new Store(), cluster()).signed(0, 0, op);

    assertThat(here.id()).isNotEqualTo(there.id());
    SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(there.rawHex());
    assertThat(((Transaction1559) decoded.getTransaction()).getChainId()).isEqualTo(1L);
    assertThat(decoded.getFrom()).isEqualTo(a.address(0));
  }

  @Test
  void aLegacyTransactionCarriesItsChainIdInItsSignature() throws Exception {
    Accounts a = Accounts.derive(DEV_MNEMONIC, 2);
    EthereumWallet wallet =
        new EthereumWallet(
            a, 31337, new Settings(false, true), new Token(), new Store(), cluster());

    EthTx tx = wallet.signed(0, 3, new Op.Transfer("transfer", 0, 1, 2));

    SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(tx.rawHex());
    assertThat(decoded.getTransaction()).isInstanceOf(LegacyTransaction.class);
    assertThat(decoded.getChainId()).isEqualTo(31337L);
    assertThat(decoded.getFrom()).isEqualTo(a.address(0));
  }

  @Test
  void anErc20TransferCallsTheTokenWithTheRecipientAndAmount() throws Exception {
    Accounts a = Accounts.derive(DEV_MNEMONIC, 3);
    Token token = new Token();
    token.deployedAt("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    EthereumWallet wallet =
        new EthereumWallet(a, 31337, new Settings(true, false), token, new Store(), cluster());

    EthTx tx = wallet.signed(1, 0, new Op.Transfer("transfer", 1, 2, 7));

    SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(tx.rawHex());
    assertThat(decoded.getTo()).isEqualTo("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    assertThat(decoded.getValue()).isZero();
    // transfer(address,uint256): selector a9059cbb, the recipient, then 7.
    assertThat(decoded.getData())
        .isEqualTo(
            "a9059cbb"
                + "000000000000000000000000"
                + a.address(2).substring(2)
                + "0000000000000000000000000000000000000000000000000000000000000007");
  }

  @Test
  void keyValueUpdatesAndDeletesCallTheStoreWithTheKeysHash() throws Exception {
    Accounts a = Accounts.derive(DEV_MNEMONIC, 1);
    Store store = new Store();
    store.deployedAt("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    EthereumWallet wallet = new EthereumWallet(a, 31337, NATIVE, new Token(), store, cluster());
    byte[] key = "user1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String slot = Numeric.toHexStringNoPrefix(Hash.sha3(key));

    SignedRawTransaction put =
        (SignedRawTransaction)
            TransactionDecoder.decode(
                ((EthTx) wallet.sign(0, 4, new Op.Put("update", 0, key, new byte[] {9, 8})))
                    .rawHex());
    SignedRawTransaction remove =
        (SignedRawTransaction)
            TransactionDecoder.decode(
                ((EthTx) wallet.sign(0, 5, new Op.Delete("delete", 0, key))).rawHex());

    assertThat(put.getTo()).isEqualTo(store.address());
    assertThat(put.getValue()).isZero();
    assertThat(put.getNonce()).isEqualTo(4);
    assertThat(put.getData()).startsWith(selector("put(bytes32,bytes)") + slot);
    assertThat(remove.getData()).isEqualTo(selector("remove(bytes32)") + slot);
    assertThat(put.getGasLimit()).isEqualTo(EthereumWallet.storeGas(new byte[] {9, 8}));
  }

  @Test
  void anApprovalCallsTheTokenAndNeedsTheTokenToBeThere() throws Exception {
    Accounts a = Accounts.derive(DEV_MNEMONIC, 3);
    Token token = new Token();
    token.deployedAt("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    Op.Approve approve = new Op.Approve("approve", 1, 2, 9);

    EthTx tx =
        (EthTx)
            new EthereumWallet(a, 31337, new Settings(true, false), token, new Store(), cluster())
                .sign(1, 0, approve);

    SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(tx.rawHex());
    assertThat(decoded.getTo()).isEqualTo(token.address());
    // approve(address,uint256): selector 095ea7b3, the spender, then 9.
    assertThat(decoded.getData())
        .isEqualTo(
            "095ea7b3"
                + "000000000000000000000000"
                + a.address(2).substring(2)
                + "0000000000000000000000000000000000000000000000000000000000000009");
    assertThatThrownBy(
            () ->
                new EthereumWallet(a, 31337, NATIVE, token, new Store(), cluster())
                    .sign(1, 0, approve))
        .hasMessageContaining("targetOptions.transfers")
        .hasMessageContaining("erc20");
  }

  @Test
  void anUpdateBeforeTheStoreIsDeployedIsRefused() {
    EthereumWallet wallet =
        new EthereumWallet(
            Accounts.derive(DEV_MNEMONIC, 2), 1, NATIVE, new Token(), new Store(), cluster());

    assertThatThrownBy(
            () -> wallet.sign(0, 0, new Op.Put("update", 0, new byte[] {1}, new byte[] {2})))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Store is not deployed yet");
  }

  private static String selector(String signature) {
    return Numeric.toHexStringNoPrefix(
            Hash.sha3(signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .substring(0, 8);
  }

  /** A cluster whose one node is never called: these tests sign offline. */
  private Cluster cluster() {
    return new Cluster(
        List.of(
            new EthereumClient(
                "n0", "http://127.0.0.1:9", 1, List.of(), BigInteger.ONE, null, null)),
        time);
  }
}
